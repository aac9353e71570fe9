package vn.gov.ndxp.adapters.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.gov.ndxp.adapters.mapping.XxeTrap;

class XmlRecordReaderTest {

    private static final String NS = "urn:ndxp:dan-cu:1";
    private static final List<String> FIELDS = List.of("id", "hoTen", "ngaySinh", "diaChi", "soCccd");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path tmp;

    private XxeTrap trap;

    @BeforeEach
    void setUp() throws IOException {
        trap = new XxeTrap(tmp);
    }

    @AfterEach
    void tearDown() {
        trap.close();
    }


    private static XmlRecordReader reader(byte[] xml, String namespace) {
        return new XmlRecordReader(new ByteArrayInputStream(xml), namespace, "congDan", FIELDS);
    }

    private static List<FileRecord> readAll(RecordReader reader) throws IOException {
        List<FileRecord> out = new ArrayList<>();
        for (FileRecord r = reader.next(); r != null; r = reader.next()) {
            out.add(r);
        }
        assertThat(reader.next()).as("stays at the end").isNull();
        return out;
    }

    private static List<FileRecord> readAll(String xml, String namespace) throws IOException {
        try (XmlRecordReader r = reader(xml.getBytes(UTF_8), namespace)) {
            return readAll(r);
        }
    }

    private static FileFormatException formatError(byte[] xml) {
        XmlRecordReader reader = reader(xml, null);
        FileFormatException e = catchThrowableOfType(FileFormatException.class, () -> readAll(reader));
        assertThat(e).as("FileFormatException").isNotNull();
        return e;
    }

    private static FileFormatException formatError(String xml) {
        return formatError(xml.getBytes(UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // --- records and values ---

    @Test
    void recordsAnywhereUnderTheRootWithChildTextAndAttributes() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <dc:danhSach xmlns:dc="urn:ndxp:dan-cu:1">
                  <dc:congDan id="1">
                    <dc:hoTen>Nguyễn Thị Hồng Nhung</dc:hoTen>
                    <dc:ngaySinh>1990-05-12</dc:ngaySinh>
                    <!-- a comment -->
                    <dc:diaChi><![CDATA[Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh]]></dc:diaChi>
                  </dc:congDan>
                  <dc:nhom ten="B">
                    <dc:congDan id="2" khac="ignored"><dc:hoTen>Trần &amp; Lê</dc:hoTen><dc:soCccd/></dc:congDan>
                  </dc:nhom>
                </dc:danhSach>
                """;
        List<FileRecord> records = readAll(xml, NS);
        assertThat(records).hasSize(2).allMatch(FileRecord::ok);
        assertThat(records).extracting(FileRecord::number).containsExactly(1L, 2L);
        assertThat(records).extracting(FileRecord::line).containsExactly(3L, 10L);
        FileRecord first = records.get(0);
        assertThat(first.values().keySet()).containsExactlyElementsOf(FIELDS); // in the order of the fields
        assertThat(first.values()).containsEntry("id", "1").containsEntry("hoTen", "Nguyễn Thị Hồng Nhung")
                .containsEntry("ngaySinh", "1990-05-12").containsEntry("diaChi", "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh")
                .containsEntry("soCccd", null); // absent
        assertThat(records.get(1).values()).containsEntry("id", "2").containsEntry("hoTen", "Trần & Lê")
                .containsEntry("soCccd", "") // present, empty
                .containsEntry("ngaySinh", null).doesNotContainKey("khac");
    }

    @Test
    void vietnameseTextIsPreservedByteForByte() throws IOException {
        String name = "Nguyễn Thị Hồng Nhung";
        String address = "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh";
        byte[] xml = concat(BOM, ("<r><congDan><hoTen>" + name + "</hoTen><diaChi>" + address + "</diaChi></congDan></r>").getBytes(UTF_8));
        FileRecord r = readAll(reader(xml, null)).get(0);
        assertThat(r.values().get("hoTen").getBytes(UTF_8)).isEqualTo(name.getBytes(UTF_8));
        assertThat(r.values().get("diaChi").getBytes(UTF_8)).isEqualTo(address.getBytes(UTF_8));
    }

    @Test
    void theNamespaceSelectsRecordsWhenGiven() throws IOException {
        String xml = "<r xmlns:a=\"" + NS + "\" xmlns:b=\"urn:other\"><a:congDan id=\"1\"/><b:congDan id=\"2\"/><congDan id=\"3\"/></r>";
        assertThat(readAll(xml, NS)).extracting(r -> r.values().get("id")).containsExactly("1");
        assertThat(readAll(xml, "")).as("no namespace").extracting(r -> r.values().get("id")).containsExactly("3");
        assertThat(readAll(xml, null)).as("any namespace").extracting(r -> r.values().get("id")).containsExactly("1", "2", "3");
    }

    @Test
    void xsiNilIsNull() throws IOException {
        String xml = "<r xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><congDan><hoTen xsi:nil=\"true\"/><diaChi></diaChi></congDan></r>";
        FileRecord r = readAll(xml, null).get(0);
        assertThat(r.ok()).isTrue();
        assertThat(r.values()).containsEntry("hoTen", null).containsEntry("diaChi", "");
    }

    @Test
    void aRootWithoutRecordsIsZeroRecords() throws IOException {
        assertThat(readAll("<danhSach/>", null)).isEmpty();
        assertThat(readAll("<?xml version=\"1.0\"?>\n<danhSach>\n</danhSach>\n", null)).isEmpty();
    }

    // --- record problems ---

    @Test
    void unknownRepeatedOrNestedChildIsARecordProblemAndReadingGoesOn() throws IOException {
        String xml = """
                <r>
                  <congDan><id>1</id><hoTen>An</hoTen></congDan>
                  <congDan><id>2</id><gioiTinh>F</gioiTinh><hoTen>Bình</hoTen><x/></congDan>
                  <congDan><id>3</id><hoTen>Chi</hoTen><hoTen>Chi 2</hoTen></congDan>
                  <congDan><id>4</id><diaChi><phuong>Bến Nghé</phuong><quan>1</quan></diaChi></congDan>
                  <congDan><id>5</id></congDan>
                </r>
                """;
        List<FileRecord> records = readAll(xml, null);
        assertThat(records).extracting(FileRecord::problem).containsExactly(null, "unknown element <gioiTinh>",
                "repeated element <hoTen>", "element <diaChi> must hold text, found <phuong>", null);
        assertThat(records).extracting(FileRecord::problemField).containsExactly(null, "gioiTinh", "hoTen", "diaChi", null);
        assertThat(records).extracting(FileRecord::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(records).extracting(r -> r.values().get("id")).containsExactly("1", "2", "3", "4", "5");
        assertThat(records.get(1).values()).containsEntry("hoTen", "Bình").doesNotContainKey("gioiTinh");
    }

    // --- XXE ---

    private void assertDoctypeRejectedWithoutLeak(String xml) {
        FileFormatException e = formatError(xml);
        assertThat(e).hasMessage("DOCTYPE is not allowed");
        assertThat(e.recordsBefore()).isZero();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(trap.marker());
        assertThat(trap.hits()).as("requests to the DTD server").hasValue(0);
    }

    @Test
    void internalDoctypeIsRejected() {
        assertDoctypeRejectedWithoutLeak("<!DOCTYPE r [<!ENTITY x \"expanded\">]><r><congDan><hoTen>&x;</hoTen></congDan></r>");
        assertDoctypeRejectedWithoutLeak("<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><r><congDan><hoTen>&c;</hoTen></congDan></r>");
    }

    @Test
    void externalFileEntityIsRejectedAndTheFileNeverRead() {
        assertDoctypeRejectedWithoutLeak("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY s SYSTEM \"" + trap.secret().toUri()
                + "\">]><r><congDan><hoTen>&s;</hoTen></congDan></r>");
    }

    @Test
    void externalDtdAndParameterEntitiesAreNeverFetched() {
        assertDoctypeRejectedWithoutLeak("<!DOCTYPE r SYSTEM \"" + trap.url() + "\"><r><congDan><hoTen>&s;</hoTen></congDan></r>");
        assertDoctypeRejectedWithoutLeak("<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + trap.url() + "\"> %p;]><r><congDan><hoTen>&s;</hoTen></congDan></r>");
        assertDoctypeRejectedWithoutLeak("<!DOCTYPE r PUBLIC \"-//X//Y\" \"" + trap.url() + "\"><r/>");
    }

    @Test
    void aDoctypeAfterTheRootStartIsAFileErrorAndNothingIsFetched() throws IOException {
        String xml = "<r>\n<congDan id=\"1\"/>\n<!DOCTYPE r SYSTEM \"" + trap.url() + "\">\n<congDan id=\"2\"/></r>";
        try (XmlRecordReader reader = reader(xml.getBytes(UTF_8), null)) {
            assertThat(reader.next().values().get("id")).isEqualTo("1");
            FileFormatException e = catchThrowableOfType(FileFormatException.class, reader::next);
            assertThat(e).hasMessage("DOCTYPE is not allowed");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.recordsBefore()).isEqualTo(1);
        }
        assertThat(trap.hits()).hasValue(0);
    }

    @Test
    void anUndeclaredEntityIsMalformedAndNothingIsRead() {
        FileFormatException e = formatError("<r>\n<congDan><hoTen>&s;</hoTen></congDan></r>");
        assertThat(e.getMessage()).startsWith("malformed XML at line 2, column ").endsWith("undeclared entity &s;");
        assertThat(e.line()).isEqualTo(2);
        assertThat(trap.hits()).hasValue(0);
    }

    @Test
    void xincludeIsNotProcessed() throws IOException {
        String xml = "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><congDan><hoTen><xi:include href=\""
                + trap.secret().toUri() + "\" parse=\"text\"/></hoTen></congDan></r>";
        FileRecord r = readAll(xml, null).get(0);
        assertThat(r.problem()).isEqualTo("element <hoTen> must hold text, found <include>");
        assertThat(r.toString()).doesNotContain(trap.marker());
    }

    // --- file problems ---

    @Test
    void malformedInTheMiddleKeepsTheRecordsBeforeAndSaysWhere() throws IOException {
        String xml = "<r>\n<congDan><id>1</id></congDan>\n<congDan><id>2</id></congDan>\n<congDan><id>3</idd></congDan>\n<congDan><id>4</id></congDan>\n</r>";
        try (XmlRecordReader reader = reader(xml.getBytes(UTF_8), null)) {
            assertThat(reader.next().values().get("id")).isEqualTo("1");
            assertThat(reader.next().values().get("id")).isEqualTo("2");
            FileFormatException e = catchThrowableOfType(FileFormatException.class, reader::next);
            assertThat(e).isNotNull();
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isBetween(15L, 21L); // the parser's position within "</idd>"
            assertThat(e.recordsBefore()).isEqualTo(2);
            assertThat(e.getMessage()).startsWith("malformed XML at line 4, column " + e.column() + ": ").contains("\"id\"");
            assertThat(catchThrowableOfType(FileFormatException.class, reader::next)).as("sticks").isSameAs(e);
        }
    }

    @Test
    void truncatedFileIsMalformed() {
        FileFormatException e = formatError("<r>\n<congDan><id>1</id></congDan>\n<congDan><id>2</i");
        assertThat(e.getMessage()).startsWith("malformed XML at line 3");
        assertThat(e.recordsBefore()).isEqualTo(1);
    }

    @Test
    void emptyFiles() {
        for (byte[] empty : List.of(new byte[0], BOM, " \r\n\t\n".getBytes(UTF_8), concat(BOM, "\n\n".getBytes(UTF_8)))) {
            FileFormatException e = formatError(empty);
            assertThat(e).hasMessage("empty file");
            assertThat(e.recordsBefore()).isZero();
        }
    }

    @Test
    void notXmlOrBinaryIsAFileError() {
        assertThat(formatError("id,hoTen\n1,An\n").getMessage()).startsWith("not an XML file (line 1, column 1): ");
        assertThat(formatError(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D}).getMessage())
                .startsWith("not ");
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        assertThat(formatError(random)).isInstanceOf(FileFormatException.class);
        assertThat(formatError("<r><congDan>\u0000</congDan></r>").getMessage()).startsWith("malformed XML at line 1");
    }

    @Test
    void notUtf8IsAFileErrorAfterTheRecordsBefore() throws IOException {
        byte[] xml = concat("<r>\n<congDan><id>1</id></congDan>\n<congDan><hoTen>".getBytes(UTF_8),
                new byte[] {'N', 'g', 'u', 'y', (byte) 0xEA, 'n'}, "</hoTen></congDan></r>".getBytes(UTF_8));
        try (XmlRecordReader reader = reader(xml, null)) {
            assertThat(reader.next().values().get("id")).isEqualTo("1");
            FileFormatException e = catchThrowableOfType(FileFormatException.class, reader::next);
            assertThat(e).hasMessage("not UTF-8 text at line 3");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isEqualTo(21);
            assertThat(e.recordsBefore()).isEqualTo(1);
        }
        // at the very start, and a sequence cut by the end of the file
        assertThat(formatError(new byte[] {'<', 'r', '>', (byte) 0xEA, '<', '/', 'r', '>'})).hasMessage("not UTF-8 text at line 1");
        assertThat(formatError(new byte[] {'<', 'r', '/', '>', (byte) 0xE1, (byte) 0xBB})).hasMessage("not UTF-8 text at line 1");
    }

    @Test
    void aDeclaredEncodingOtherThanTheLayoutsIsRefused() {
        byte[] xml = "<?xml version=\"1.0\" encoding=\"windows-1258\"?><r><congDan id=\"1\"/></r>".getBytes(UTF_8);
        assertThat(formatError(xml)).hasMessage("the XML declaration says encoding windows-1258 but the file layout declares UTF-8");
    }

    // --- progress, resume, streaming ---

    @Test
    void bytesReadCountsTheRawStream() throws IOException {
        byte[] xml = concat(BOM, "<r><congDan id=\"1\"/><congDan id=\"2\"/></r>\n".getBytes(UTF_8));
        try (XmlRecordReader reader = reader(xml, null)) {
            assertThat(reader.bytesRead()).isZero();
            assertThat(readAll(reader)).hasSize(2);
            assertThat(reader.bytesRead()).isEqualTo(xml.length);
        }
    }

    @Test
    void skipToResumesAfterAGivenRecord() throws IOException {
        String xml = "<r><congDan id=\"1\"/><congDan id=\"2\"><x/></congDan><congDan id=\"3\"/></r>";
        try (XmlRecordReader reader = reader(xml.getBytes(UTF_8), null)) {
            assertThat(reader.skipTo(2)).isEqualTo(2);
            assertThat(reader.next().values().get("id")).isEqualTo("3");
        }
        try (XmlRecordReader reader = reader(xml.getBytes(UTF_8), null)) {
            assertThat(reader.skipTo(5)).isEqualTo(3);
        }
    }

    @Test
    void aLargeFileIsStreamedWithFlatMemory() throws IOException {
        GeneratedXml file = new GeneratedXml(500_000); // about 150 MB, made up as it is read
        assertThat(file.size()).isGreaterThan(150_000_000L);
        long maxUsed = FlatHeap.maxGrowth(() -> new XmlRecordReader(file, NS, "congDan", FIELDS), 500_000, file.size(), 100_000);
        assertThat(maxUsed).as("heap growth while reading").isLessThan(32L << 20);
    }

    /** An XML file of n records made up as it is read. */
    static final class GeneratedXml extends InputStream {
        private static final byte[] HEAD = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dc:danhSach xmlns:dc=\"" + NS + "\">\n").getBytes(UTF_8);
        private static final byte[] TAIL = "</dc:danhSach>\n".getBytes(UTF_8);
        private final int records;
        private final long size;
        private int next;
        private byte[] current = HEAD;
        private int pos;

        GeneratedXml(int records) {
            this.records = records;
            long s = HEAD.length + TAIL.length;
            for (int i = 1; i <= records; i++) {
                s += record(i).length;
            }
            this.size = s;
        }

        long size() {
            return size;
        }

        static byte[] record(int i) {
            return ("  <dc:congDan id=\"" + i + "\">\n    <dc:hoTen>Nguyễn Thị Hồng Nhung</dc:hoTen>\n"
                    + "    <dc:ngaySinh>1990-05-12</dc:ngaySinh>\n"
                    + "    <dc:diaChi>Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh — số nhà " + i + ", ngõ " + (i % 97)
                    + ", tổ dân phố " + (i % 31) + "; ghi chú: địa chỉ thường trú theo Căn cước công dân</dc:diaChi>\n"
                    + "    <dc:soCccd>0791900" + (10000 + i % 90000) + "</dc:soCccd>\n  </dc:congDan>\n").getBytes(UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                if (pos == current.length) {
                    if (next > records) {
                        break;
                    }
                    current = next == records ? TAIL : record(next + 1);
                    next++;
                    pos = 0;
                }
                int k = Math.min(len - n, current.length - pos);
                System.arraycopy(current, pos, b, off + n, k);
                pos += k;
                n += k;
            }
            return n == 0 && len > 0 ? -1 : n;
        }
    }
}
