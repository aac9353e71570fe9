package vn.gov.ndxp.adapters.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import vn.gov.ndxp.adapters.mapping.XxeTrap;

/**
 * Random bytes and mutated export files (the social-insurance samples) to the CSV and XML readers: each
 * returns records, numbered 1..n in file order, or throws a FileFormatException that knows how many records
 * came before it and stays the answer; never another exception, never more records than the file has
 * bytes, never an entity's content.
 */
class RecordReaderProperties {

    private static final List<String> COLUMNS = List.of("ma_so_bhxh", "so_cccd", "ho_ten", "ngay_sinh", "dia_chi",
            "ma_don_vi", "ky_dong", "muc_luong", "so_tien");
    private static final String NS = "urn:vn:gov:vss:contributions:1";
    private static final byte[] CSV = sample("contributions-2026-10.csv");
    private static final byte[] XML = sample("contributions-2026-10.xml");

    private static XxeTrap trap;

    @BeforeContainer
    static void startTrap() throws IOException {
        trap = XxeTrap.inTempDir("reader-props");
    }

    @AfterContainer
    static void stopTrap() {
        trap.close();
    }

    private static byte[] sample(String name) {
        try {
            return Files.readAllBytes(Path.of("adapters/social-insurance/samples", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ================================================================ CSV

    @Property(tries = 300)
    void randomBytesAreRecordsOrAFormatError(@ForAll("csvLike") byte[] content, @ForAll("csvFormats") CsvFormat format,
            @ForAll("recordLimits") int maxRecordChars) throws IOException {
        readCsv(content, format, maxRecordChars);
    }

    @Property(tries = 500)
    void mutatedCsvIsRecordsOrAFormatError(@ForAll("csvMutations") List<Mutation> mutations,
            @ForAll boolean header, @ForAll("recordLimits") int maxRecordChars) throws IOException {
        byte[] content = CSV;
        for (Mutation m : mutations) {
            content = m.apply(content);
        }
        readCsv(content, new CsvFormat(',', '"', header, COLUMNS), maxRecordChars);
    }

    private static void readCsv(byte[] content, CsvFormat format, int maxRecordChars) throws IOException {
        try (CsvRecordReader reader = new CsvRecordReader(new ByteArrayInputStream(content), format, maxRecordChars)) {
            List<FileRecord> records = readAll(reader, content.length);
            for (FileRecord r : records) {
                assertThat(r.values().keySet()).containsExactlyElementsOf(format.columns());
                if (r.ok()) {
                    assertThat(r.values().values()).doesNotContainNull();
                }
            }
            long previous = 0;
            for (FileRecord r : records) {
                assertThat(r.line()).as("a record starts on a later line than the one before").isGreaterThan(previous);
                previous = r.line();
            }
        }
    }

    // ================================================================ XML

    @Property(tries = 200)
    void randomBytesAreRecordsOrAFormatErrorInXmlToo(@ForAll @Size(max = 2000) byte[] content, @ForAll boolean anyNamespace)
            throws IOException {
        readXml(content, anyNamespace);
    }

    @Property(tries = 500)
    void mutatedXmlIsRecordsOrAFormatError(@ForAll("xmlMutations") List<Mutation> mutations, @ForAll boolean anyNamespace)
            throws IOException {
        byte[] content = XML;
        for (Mutation m : mutations) {
            content = m.apply(content);
        }
        readXml(content, anyNamespace);
    }

    private static void readXml(byte[] content, boolean anyNamespace) throws IOException {
        try (XmlRecordReader reader = new XmlRecordReader(new ByteArrayInputStream(content), anyNamespace ? null : NS,
                "contribution", COLUMNS)) {
            List<FileRecord> records = readAll(reader, content.length);
            for (FileRecord r : records) {
                assertThat(r.values().keySet()).containsExactlyElementsOf(COLUMNS);
                assertThat(r.values().toString()).doesNotContain(trap.marker());
            }
        }
        assertThat(trap.hits()).as("requests to the DTD server").hasValue(0);
    }

    // ================================================================ common

    /** Reads to the end or to a FileFormatException, checking what every reader promises; the records read. */
    private static List<FileRecord> readAll(RecordReader reader, int bytes) throws IOException {
        List<FileRecord> records = new ArrayList<>();
        try {
            for (FileRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
                assertThat(r.number()).isEqualTo(records.size());
                assertThat(r.line()).isPositive();
                assertThat(records.size()).as("records of a %d-byte file", bytes).isLessThanOrEqualTo(bytes);
                if (!r.ok()) {
                    assertThat(r.problem()).isNotBlank();
                }
            }
            assertThat(reader.next()).as("stays at the end").isNull();
            Statistics.collect(records.stream().allMatch(FileRecord::ok) ? "records" : "records, some with problems");
        } catch (FileFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
            String kind = e.getMessage().replaceAll("[0-9]+", "N");
            Statistics.collect("FileFormatException: " + kind.substring(0, Math.min(30, kind.length())));
            if (!e.getMessage().equals("empty file")) {
                assertThat(e.line()).as("line of the problem").isPositive();
            }
            assertThat(e.column()).isNotNegative();
            assertThat(e.recordsBefore()).isEqualTo(records.size());
            assertThat(catchThrowable(reader::next)).as("asking again gives the same answer").isSameAs(e);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(trap.marker());
            }
        }
        return records;
    }

    /** Any bytes, or text made of what CSV is made of (so the parser, not only the decoder, is reached). */
    @Provide
    Arbitrary<byte[]> csvLike() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(3000),
                Arbitraries.strings().withChars(",;|\t\"'\r\n \u0000abcĐặng0123456789").ofMaxLength(3000)
                        .map(s -> s.getBytes(UTF_8)));
    }

    @Provide
    Arbitrary<CsvFormat> csvFormats() {
        return Combinators.combine(Arbitraries.of(',', ';', '\t', '|'), Arbitraries.of('"', '\''),
                Arbitraries.of(true, false), Arbitraries.integers().between(1, COLUMNS.size()))
                .as((d, q, h, n) -> new CsvFormat(d, q, h, COLUMNS.subList(0, n)));
    }

    /** Small limits too, so the over-long-record rule is reached without megabyte inputs. */
    @Provide
    Arbitrary<Integer> recordLimits() {
        return Arbitraries.oneOf(Arbitraries.integers().between(8, 400), Arbitraries.integers().between(400, 4000),
                Arbitraries.just(CsvRecordReader.DEFAULT_MAX_RECORD_CHARS));
    }

    /** A change to a file's bytes. */
    record Mutation(int kind, int at, int length, byte[] bytes) {

        byte[] apply(byte[] in) {
            int p = Math.floorMod(at, in.length + 1);
            return switch (kind) {
                case 0 -> { // flip a bit
                    byte[] b = in.clone();
                    if (b.length > 0) {
                        b[Math.floorMod(at, b.length)] ^= (byte) (1 << Math.floorMod(length, 8));
                    }
                    yield b;
                }
                case 1 -> Arrays.copyOf(in, p); // truncate
                case 2, 3 -> splice(in, p, p, bytes); // insert
                case 4 -> splice(in, p, Math.min(in.length, p + Math.floorMod(length, 80)), new byte[0]); // delete
                case 5 -> { // a stretch repeated (a duplicated line, a long field)
                    int end = Math.min(in.length, p + Math.floorMod(length, 120));
                    byte[] part = Arrays.copyOfRange(in, p, end);
                    ByteArrayOutputStream many = new ByteArrayOutputStream();
                    for (int i = 0; i < 1 + length % 50; i++) {
                        many.writeBytes(part);
                    }
                    yield splice(in, end, end, many.toByteArray());
                }
                case 6 -> { // every line break in another style
                    String lb = switch (Math.floorMod(length, 3)) {
                        case 0 -> "\r\n";
                        case 1 -> "\r";
                        default -> "\n";
                    };
                    yield new String(in, UTF_8).replace("\r\n", "\n").replace("\n", lb).getBytes(UTF_8);
                }
                case 7 -> splice(in, 0, 0, bytes); // at the start (a BOM, a declaration, a DOCTYPE)
                default -> { // after a tag: what is well-formed there reaches the records
                    int tag = indexOf(in, (byte) '>', p);
                    yield tag < 0 ? in : splice(in, tag + 1, tag + 1, bytes);
                }
            };
        }

        private static int indexOf(byte[] in, byte b, int from) {
            for (int i = from; i < in.length; i++) {
                if (in[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(in, 0, from);
            out.writeBytes(insert);
            out.write(in, to, in.length - to);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return "Mutation[kind=" + kind + ", at=" + at + ", length=" + length + ", bytes=" + show(bytes) + "]";
        }

        private static String show(byte[] b) {
            String s = new String(b, UTF_8);
            return s.length() > 80 ? "\"" + s.substring(0, 80) + "...\" (" + b.length + " bytes)" : "\"" + s + "\" " + Arrays.toString(b);
        }
    }

    /** Inserting text more often than breaking bytes, so that records, not only the decoder, see the changes. */
    private static final Arbitrary<Integer> CSV_KINDS = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(1, 1),
            Tuple.of(4, 2), Tuple.of(4, 3), Tuple.of(2, 4), Tuple.of(2, 5), Tuple.of(1, 6), Tuple.of(1, 7));
    private static final Arbitrary<Integer> XML_KINDS = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(1, 1),
            Tuple.of(2, 2), Tuple.of(1, 3), Tuple.of(1, 4), Tuple.of(1, 5), Tuple.of(1, 6), Tuple.of(1, 7), Tuple.of(6, 8));

    private static Arbitrary<List<Mutation>> mutations(Arbitrary<Integer> kinds, Arbitrary<byte[]> snippets) {
        Arbitrary<byte[]> bytes = Arbitraries.frequencyOf(Tuple.of(5, snippets),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(12)));
        // positions spread evenly over the document (jqwik's default favours small numbers and edge cases)
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1_000_000)
                .withDistribution(RandomDistribution.uniform()).withoutEdgeCases();
        return Combinators.combine(kinds, positions,
                Arbitraries.integers().between(0, 500), bytes).as(Mutation::new).list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<byte[]> text(String... snippets) {
        return Arbitraries.of(snippets).map(s -> s.getBytes(UTF_8));
    }

    /** Bytes that are not UTF-8 (or not text), and the byte order marks of UTF-8 and UTF-16. */
    private static Arbitrary<byte[]> badBytes() {
        return Arbitraries.of(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {(byte) 0xFE, (byte) 0xFF},
                new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {0}, new byte[] {0x1A}, new byte[] {(byte) 0xC3});
    }

    @Provide
    Arbitrary<List<Mutation>> csvMutations() {
        return mutations(CSV_KINDS, Arbitraries.frequencyOf(Tuple.of(1, badBytes()), Tuple.of(6, text("\"", "\"\"", ",", ";", "\t", "\r", "\n", "\r\n", "\n\n",
                "\"a\"b", "\"x,\ny\"", ",,,,,,,,,,,,", "   ", String.join(",", COLUMNS) + "\n", "Nguyễn Văn Ấn",
                "\u2028", "\"" + "x".repeat(600))),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(8).map(s -> s.getBytes(UTF_8)))));
    }

    @Provide
    Arbitrary<List<Mutation>> xmlMutations() {
        return mutations(XML_KINDS, Arbitraries.frequencyOf(Tuple.of(1, badBytes()),
                Tuple.of(3, text("<unknown/>", "<ho_ten><b>x</b></ho_ten>", "<so_tien>1</so_tien>", "<ho_ten/>",
                        "<x:so_tien xmlns:x=\"urn:x\">1</x:so_tien>", "<?pi x?>", "<!-- c -->", "<![CDATA[x]]>",
                        "<dia_chi xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>")),
                Tuple.of(6, text(
                "<!DOCTYPE contributions SYSTEM \"" + trap.url() + "\">",
                "<!DOCTYPE contributions [<!ENTITY s SYSTEM \"" + trap.secret().toUri() + "\">]>",
                "<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + trap.url() + "\"> %p;]>",
                "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
                "<ho_ten>&s;</ho_ten>", "&s;", "&b;", "&#0;", "&#x1F600;", "&amp;", "&lt;", "<", ">", "]]>",
                "<![CDATA[x<y]]>", "<?pi x?>", "<!-- c -->", "<unknown/>", "<ho_ten><b>x</b></ho_ten>",
                "<so_tien>1</so_tien>", " xmlns=\"urn:other\"", " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                "<dia_chi xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
                "<contribution>", "</contribution>", "</contributions>", "<contribution><ma_so_bhxh>1</ma_so_bhxh></contribution>",
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "<?xml version=\"1.1\"?>", "<?xml version=\"1.0\"?>",
                "<x:contribution xmlns:x=\"urn:other\"><ho_ten>x</ho_ten></x:contribution>",
                "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + trap.secret().toUri() + "\"/>",
                "<a>".repeat(300), "</a>".repeat(3), " a=\"1\" a=\"2\"", "\u0000")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(8).map(s -> s.getBytes(UTF_8)))));
    }
}
