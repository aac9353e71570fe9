package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.gov.ndxp.adapters.mapping.RecordLayout;

/** Each encoding a file layout may declare, with real Vietnamese text written in that encoding. */
class FileEncodingTest {

    private static final String NAME = "Nguyễn Thị Hương";
    private static final String PLACE = "Phường Tràng Tiền";
    private static final CsvFormat FORMAT = new CsvFormat(',', '"', true, List.of("ho_ten", "dia_chi"));
    private static final String CSV = "ho_ten,dia_chi\r\n" + NAME + "," + PLACE + "\r\n";

    private static List<FileRecord> csv(byte[] bytes, FileEncoding encoding) throws IOException {
        List<FileRecord> out = new ArrayList<>();
        try (RecordReader r = new CsvRecordReader(new ByteArrayInputStream(bytes), FORMAT, CsvRecordReader.DEFAULT_MAX_RECORD_CHARS, encoding)) {
            FileRecord f;
            while ((f = r.next()) != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static void assertNameAndPlace(List<FileRecord> records) {
        assertThat(records).hasSize(1);
        assertThat(records.get(0).values()).containsEntry("ho_ten", NAME).containsEntry("dia_chi", PLACE);
        assertThat(records.get(0).problem()).isNull();
    }

    private static FileFormatException csvError(byte[] bytes, FileEncoding encoding) {
        return catchThrowableOfType(FileFormatException.class, () -> csv(bytes, encoding));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Strict: a character the charset lacks fails the test instead of becoming '?'. */
    private static byte[] encode(String text, Charset charset) throws CharacterCodingException {
        ByteBuffer b = charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void utf8WithAndWithoutByteOrderMark() throws IOException {
        byte[] text = CSV.getBytes(StandardCharsets.UTF_8);
        assertNameAndPlace(csv(text, FileEncoding.UTF_8));
        assertNameAndPlace(csv(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text), FileEncoding.UTF_8));
        assertThat(csvError(new byte[] {'h', 'o', '_', 't', 'e', 'n', ',', 'd', 'i', 'a', '_', 'c', 'h', 'i', '\n', 'N', (byte) 0xE1, ',', 'x'},
                FileEncoding.UTF_8)).hasMessage("not UTF-8 text at line 2");
    }

    @Test
    void utf16TakesItsByteOrderFromTheMark() throws IOException {
        assertNameAndPlace(csv(("\uFEFF" + CSV).getBytes(StandardCharsets.UTF_16LE), FileEncoding.UTF_16));
        assertNameAndPlace(csv(("\uFEFF" + CSV).getBytes(StandardCharsets.UTF_16BE), FileEncoding.UTF_16));
    }

    @Test
    void utf16WithoutAMarkIsRefusedUnlessTheOrderIsDeclared() throws IOException {
        byte[] le = CSV.getBytes(StandardCharsets.UTF_16LE);
        FileFormatException e = csvError(le, FileEncoding.UTF_16);
        assertThat(e).hasMessageStartingWith("not UTF-16 text (no byte order mark; a file without one needs UTF-16LE or UTF-16BE)");
        assertThat(e.getCause()).isInstanceOf(TextReader.NotTextException.class);
        assertNameAndPlace(csv(le, FileEncoding.UTF_16LE));
        assertNameAndPlace(csv(CSV.getBytes(StandardCharsets.UTF_16BE), FileEncoding.UTF_16BE));
        assertNameAndPlace(csv(("\uFEFF" + CSV).getBytes(StandardCharsets.UTF_16LE), FileEncoding.UTF_16LE)); // a mark is dropped
    }

    @Test
    void utf16WithAnUnpairedSurrogateIsNotText() {
        byte[] bad = concat(("\uFEFFho_ten,dia_chi\n" + NAME + ",").getBytes(StandardCharsets.UTF_16LE), new byte[] {0x00, (byte) 0xD8, 'x', 0x00, '\n', 0x00}); // a high surrogate, then 'x'
        assertThat(csvError(bad, FileEncoding.UTF_16)).hasMessage("not UTF-16 text at line 2");
    }

    /** Windows-1258 writes most toned letters as a base letter and a combining tone mark. */
    private static final String NAME_1258 = "Nguy\u00EA\u0303n Thi\u0323 H\u01B0\u01A1ng";
    private static final String PLACE_1258 = "Ph\u01B0\u01A1\u0300ng Tra\u0300ng Ti\u00EA\u0300n";

    @Test
    void windows1258IsComposedToNfc() throws IOException {
        Charset cp1258 = Charset.forName("windows-1258");
        byte[] bytes = encode("ho_ten,dia_chi\r\n" + NAME_1258 + "," + PLACE_1258 + "\r\n", cp1258);
        // the bytes are what a Windows-1258 export holds: ê 0xEA, combining tilde 0xDE, dot below 0xF2, ư 0xFD, ơ 0xF5, grave 0xCC
        assertThat(bytes).containsSequence('N', 'g', 'u', 'y', 0xEA, 0xDE, 'n');
        assertThat(bytes).containsSequence('P', 'h', 0xFD, 0xF5, 0xCC, 'n', 'g');
        assertNameAndPlace(csv(bytes, FileEncoding.WINDOWS_1258));
        assertThat(csv(bytes, FileEncoding.WINDOWS_1258).get(0).values().get("ho_ten")).hasSize(NAME.length());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void aToneMarkInTheNextBlockStillComposes(int bufferSize) throws IOException {
        byte[] bytes = encode(NAME_1258 + "\n" + PLACE_1258, Charset.forName("windows-1258"));
        StringBuilder text = new StringBuilder();
        try (TextReader r = new TextReader(new ByteArrayInputStream(bytes), FileEncoding.WINDOWS_1258, bufferSize, true)) {
            char[] buf = new char[3];
            int n;
            while ((n = r.read(buf, 0, buf.length)) > 0) {
                text.append(buf, 0, n);
            }
        }
        assertThat(text.toString()).isEqualTo(NAME + "\n" + PLACE);
    }

    @Test
    @Timeout(5)
    void aLongRunOfCombiningMarksIsNotText() throws IOException {
        byte[] marks = new byte[100_000];
        Arrays.fill(marks, (byte) 0xEC); // U+0301 combining acute in windows-1258
        byte[] bytes = concat("ho_ten,dia_chi\n".getBytes(StandardCharsets.US_ASCII), encode(NAME_1258 + ",", Charset.forName("windows-1258")),
                new byte[] {'a'}, marks, new byte[] {'\n'});
        FileFormatException e = csvError(bytes, FileEncoding.WINDOWS_1258);
        assertThat(e).hasMessage("more than 30 combining marks in a row at line 2");
        assertThat(e).hasCauseInstanceOf(TextReader.NotTextException.class); // what the intake reports as file.encoding
        // thirty marks are still text
        byte[] thirty = concat(encode("ho_ten,dia_chi\n" + NAME_1258 + ",", Charset.forName("windows-1258")), new byte[] {'a'}, Arrays.copyOf(marks, 30));
        assertThat(csv(thirty, FileEncoding.WINDOWS_1258).get(0).values().get("dia_chi")).startsWith("\u00E1");
    }

    @Test
    void aByteWindows1258LeavesUndefinedIsNotText() throws IOException {
        byte[] bytes = concat(encode("ho_ten,dia_chi\n" + NAME_1258 + ",", Charset.forName("windows-1258")), new byte[] {(byte) 0x8D, 'x', '\n'});
        FileFormatException e = csvError(bytes, FileEncoding.WINDOWS_1258);
        assertThat(e).hasMessage("not windows-1258 text at line 2");
        assertThat(e.getCause()).isInstanceOf(TextReader.NotTextException.class);
    }

    /** Bytes as the TCVN3 (ABC) references give them, written out here so that the test checks the kept table. */
    private static final byte[] NAME_TCVN3 = {'N', 'g', 'u', 'y', (byte) 0xD4, 'n', ' ', 'T', 'h', (byte) 0xDE, ' ', 'H', (byte) 0xAD, (byte) 0xAC,
        'n', 'g'};
    private static final byte[] PLACE_TCVN3 = {'P', 'h', (byte) 0xAD, (byte) 0xEA, 'n', 'g', ' ', 'T', 'r', (byte) 0xB5, 'n', 'g', ' ', 'T', 'i',
        (byte) 0xD2, 'n'};

    @Test
    void tcvn3FromTheKeptTable() throws IOException {
        byte[] bytes = concat("ho_ten,dia_chi\r\n".getBytes(StandardCharsets.US_ASCII), NAME_TCVN3, new byte[] {','}, PLACE_TCVN3,
                new byte[] {'\r', '\n'});
        assertNameAndPlace(csv(bytes, FileEncoding.TCVN3));
        // more words as ABC-era documents hold them: "Bảo Thắng", "Mường Khương", "Đắk Lắk", "Quảng Bình"
        assertThat(decodeTcvn3(new byte[] {'B', (byte) 0xB6, 'o', ' ', 'T', 'h', (byte) 0xBE, 'n', 'g'})).isEqualTo("Bảo Thắng");
        assertThat(decodeTcvn3(new byte[] {'M', (byte) 0xAD, (byte) 0xEA, 'n', 'g', ' ', 'K', 'h', (byte) 0xAD, (byte) 0xAC, 'n', 'g'}))
                .isEqualTo("Mường Khương");
        assertThat(decodeTcvn3(new byte[] {(byte) 0xA7, (byte) 0xBE, 'k', ' ', 'L', (byte) 0xBE, 'k'})).isEqualTo("Đắk Lắk");
        assertThat(decodeTcvn3(new byte[] {'Q', 'u', (byte) 0xB6, 'n', 'g', ' ', 'B', (byte) 0xD7, 'n', 'h'})).isEqualTo("Quảng Bình");
    }

    private static String decodeTcvn3(byte[] bytes) throws CharacterCodingException {
        return FileEncoding.TCVN3.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    @Test
    void theTcvn3TableHasTheSeventyFiveBytesOfVn3AndNoOther() throws CharacterCodingException {
        int mapped = 0;
        for (int b = 0x80; b <= 0xFF; b++) {
            try {
                String c = decodeTcvn3(new byte[] {(byte) b});
                mapped++;
                assertThat(b).as("byte %02X -> %s", b, c).isBetween(0xA0, 0xFE);
            } catch (CharacterCodingException e) {
                // not TCVN3
            }
        }
        assertThat(mapped).isEqualTo(75); // 0xA0 and the 74 letters: 67 lower case with and without tone, Ă Â Đ Ê Ô Ơ Ư
        String every = decodeTcvn3(new byte[] {(byte) 0xA1, (byte) 0xA2, (byte) 0xA7, (byte) 0xA3, (byte) 0xA4, (byte) 0xA5, (byte) 0xA6});
        assertThat(every).isEqualTo("ĂÂĐÊÔƠƯ");
    }

    @Test
    void aByteTcvn3LeavesUndefinedIsNotText() {
        // 0x80 is À in TCVN 5712 VN1, but VN3 (ABC) has no upper-case toned letters
        byte[] bytes = concat("ho_ten,dia_chi\n".getBytes(StandardCharsets.US_ASCII), NAME_TCVN3, new byte[] {',', (byte) 0x80, '\n'});
        assertThat(csvError(bytes, FileEncoding.TCVN3)).hasMessage("not TCVN3 text at line 2");
    }

    @Test
    void xmlInTheLayoutsEncoding() throws IOException {
        byte[] bytes = concat("<?xml version=\"1.0\" encoding=\"windows-1258\"?><r><c><ho_ten>".getBytes(StandardCharsets.US_ASCII),
                encode(NAME_1258, Charset.forName("windows-1258")), "</ho_ten><dia_chi>".getBytes(StandardCharsets.US_ASCII),
                encode(PLACE_1258, Charset.forName("windows-1258")), "</dia_chi></c></r>".getBytes(StandardCharsets.US_ASCII));
        try (XmlRecordReader r = new XmlRecordReader(new ByteArrayInputStream(bytes), null, "c", List.of("ho_ten", "dia_chi"),
                FileEncoding.WINDOWS_1258)) {
            assertNameAndPlace(List.of(r.next()));
        }
        byte[] utf16 = ("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<r><c ho_ten=\"" + NAME + "\"><dia_chi>" + PLACE
                + "</dia_chi></c></r>").getBytes(StandardCharsets.UTF_16LE);
        try (XmlRecordReader r = new XmlRecordReader(new ByteArrayInputStream(utf16), null, "c", List.of("ho_ten", "dia_chi"),
                FileEncoding.UTF_16)) {
            assertNameAndPlace(List.of(r.next()));
        }
        byte[] tcvn3 = concat("<r><c><ho_ten>".getBytes(StandardCharsets.US_ASCII), NAME_TCVN3,
                "</ho_ten><dia_chi>".getBytes(StandardCharsets.US_ASCII), PLACE_TCVN3, "</dia_chi></c></r>".getBytes(StandardCharsets.US_ASCII));
        try (XmlRecordReader r = new XmlRecordReader(new ByteArrayInputStream(tcvn3), null, "c", List.of("ho_ten", "dia_chi"), FileEncoding.TCVN3)) {
            assertNameAndPlace(List.of(r.next()));
        }
    }

    @Test
    void anXmlDeclarationNamingAnotherEncodingIsAFileError() {
        byte[] bytes = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><r><c><ho_ten>x</ho_ten></c></r>".getBytes(StandardCharsets.US_ASCII);
        FileFormatException e = catchThrowableOfType(FileFormatException.class, () -> {
            try (XmlRecordReader r = new XmlRecordReader(new ByteArrayInputStream(bytes), null, "c", List.of("ho_ten"), FileEncoding.TCVN3)) {
                r.next();
            }
        });
        assertThat(e).hasMessage("the XML declaration says encoding UTF-8 but the file layout declares TCVN3");
    }

    @Test
    void emptyUtf16FilesAreEmpty() {
        byte[] blank = "\uFEFF \n".getBytes(StandardCharsets.UTF_16LE);
        assertThat(csvError(blank, FileEncoding.UTF_16)).hasMessage("empty file");
        FileFormatException xml = catchThrowableOfType(FileFormatException.class, () -> {
            try (XmlRecordReader r = new XmlRecordReader(new ByteArrayInputStream(blank), null, "c", List.of("ho_ten"), FileEncoding.UTF_16)) {
                r.next();
            }
        });
        assertThat(xml).hasMessage("empty file");
    }

    @Test
    void theLayoutDeclaresItsEncoding(@TempDir Path dir) throws Exception {
        Path adapter = FileLayoutTest.ADAPTER;
        Files.createDirectories(dir.resolve("mappings"));
        Files.copy(adapter.resolve("mappings/contribution.record.yaml"), dir.resolve("mappings/contribution.record.yaml"));
        Files.copy(adapter.resolve("mappings/contribution.schema.json"), dir.resolve("mappings/contribution.schema.json"));
        Files.writeString(dir.resolve("mappings/x.file.yaml"), "record: contribution\nschema: contribution.schema.json\nencoding: Windows-1258\ncsv: {}\n");
        assertThat(load(dir).encoding()).isEqualTo(FileEncoding.WINDOWS_1258);
        Files.writeString(dir.resolve("mappings/x.file.yaml"), "record: contribution\nschema: contribution.schema.json\nencoding: latin-9\ncsv: {}\n");
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("mappings/x.file.yaml: encoding: unknown encoding 'latin-9'")
                .hasMessageContaining("UTF-8, UTF-16, UTF-16LE, UTF-16BE, windows-1258, TCVN3");
        assertThat(FileLayoutTest.contribution().encoding()).isEqualTo(FileEncoding.UTF_8); // the default
    }

    private static FileLayout load(Path dir) {
        return FileLayout.load(dir, "x", (f, n) -> RecordLayout.load(f.resolve("mappings/" + n + ".record.yaml")));
    }
}
