package vn.gov.ndxp.adapters.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    private static final List<String> COLUMNS = List.of("id", "ho_ten", "ngay_sinh", "gioi_tinh", "dia_chi", "so_cccd");
    private static final CsvFormat WITH_HEADER = new CsvFormat(',', '"', true, COLUMNS);
    private static final CsvFormat NO_HEADER = new CsvFormat(',', '"', false, COLUMNS);
    private static final String HEADER = "id,ho_ten,ngay_sinh,gioi_tinh,dia_chi,so_cccd";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static CsvRecordReader reader(String text, CsvFormat format) {
        return new CsvRecordReader(new ByteArrayInputStream(text.getBytes(UTF_8)), format);
    }

    private static List<FileRecord> readAll(RecordReader reader) throws IOException {
        List<FileRecord> out = new ArrayList<>();
        for (FileRecord r = reader.next(); r != null; r = reader.next()) {
            out.add(r);
        }
        assertThat(reader.next()).as("stays at the end").isNull();
        return out;
    }

    private static List<FileRecord> readAll(String text, CsvFormat format) throws IOException {
        try (CsvRecordReader r = reader(text, format)) {
            return readAll(r);
        }
    }

    private static FileFormatException formatError(byte[] content, CsvFormat format) {
        CsvRecordReader reader = new CsvRecordReader(new ByteArrayInputStream(content), format);
        FileFormatException e = catchThrowableOfType(FileFormatException.class, () -> readAll(reader));
        assertThat(e).as("FileFormatException").isNotNull();
        return e;
    }

    private static FileFormatException formatError(String content, CsvFormat format) {
        return formatError(content.getBytes(UTF_8), format);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // --- encoding and line breaks ---

    @Test
    void utf8WithAndWithoutBomReadsTheSameAndDropsTheBom() throws IOException {
        String text = HEADER + "\n1,An,2000-01-01,F,Hà Nội,001200000001\n";
        for (CsvFormat format : List.of(WITH_HEADER, NO_HEADER)) {
            String body = format.header() ? text : text.substring(text.indexOf('\n') + 1);
            List<FileRecord> plain = readAll(reader(body, format));
            List<FileRecord> withBom = readAll(new CsvRecordReader(
                    new ByteArrayInputStream(concat(BOM, body.getBytes(UTF_8))), format));
            assertThat(withBom).isEqualTo(plain).hasSize(1);
            assertThat(withBom.get(0).values().get("id")).isEqualTo("1"); // not "\uFEFF1"
            assertThat(withBom.get(0).ok()).isTrue();
        }
    }

    @Test
    void crlfLfLoneCrAndMixedLineBreaks() throws IOException {
        String crlf = HEADER + "\r\n1,a,b,c,d,e\r\n2,a,b,c,d,e\r\n";
        String lf = HEADER + "\n1,a,b,c,d,e\n2,a,b,c,d,e\n";
        String cr = HEADER + "\r1,a,b,c,d,e\r2,a,b,c,d,e\r";
        String mixed = HEADER + "\r\n1,a,b,c,d,e\n2,a,b,c,d,e\r";
        List<FileRecord> expected = readAll(lf, WITH_HEADER);
        assertThat(expected).extracting(FileRecord::line).containsExactly(2L, 3L);
        assertThat(expected).allMatch(FileRecord::ok);
        assertThat(expected.get(1).values().get("so_cccd")).isEqualTo("e"); // no stray \r
        assertThat(readAll(crlf, WITH_HEADER)).isEqualTo(expected);
        assertThat(readAll(cr, WITH_HEADER)).isEqualTo(expected);
        assertThat(readAll(mixed, WITH_HEADER)).isEqualTo(expected);
    }

    @Test
    void quotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks() throws IOException {
        String text = HEADER + "\r\n"
                + "1,\"Trần, Văn \"\"Tí\"\"\",2000-01-01,M,\"Số 1\r\nNgõ 2\nPhố 3\",001\r\n" // starts line 2, spans 3
                + "2,\"\",\"\"\"\",F,\",\",002\r\n"                                            // line 5
                + "3,,,,,\r\n";                                                                  // line 6
        List<FileRecord> records = readAll(text, WITH_HEADER);
        assertThat(records).extracting(FileRecord::line).containsExactly(2L, 5L, 6L);
        assertThat(records).extracting(FileRecord::number).containsExactly(1L, 2L, 3L);
        assertThat(records).allMatch(FileRecord::ok);
        assertThat(records.get(0).values()).containsEntry("ho_ten", "Trần, Văn \"Tí\"")
                .containsEntry("dia_chi", "Số 1\r\nNgõ 2\nPhố 3") // CR LF inside quotes kept as is
                .containsEntry("so_cccd", "001");
        assertThat(records.get(1).values()).containsEntry("ho_ten", "").containsEntry("ngay_sinh", "\"")
                .containsEntry("dia_chi", ",");
        assertThat(records.get(2).values().values()).containsExactly("3", "", "", "", "", "");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsAPlainCharacter() throws IOException {
        FileRecord r = readAll("1,Màn hình 27\" LG,x,y,z,w\n", NO_HEADER).get(0);
        assertThat(r.ok()).isTrue();
        assertThat(r.values().get("ho_ten")).isEqualTo("Màn hình 27\" LG");
    }

    @Test
    void otherDelimiterAndQuoteCharacters() throws IOException {
        CsvFormat format = new CsvFormat(';', '\'', true, List.of("a", "b"));
        List<FileRecord> records = readAll("a;b\n'x;y';'it''s'\n", format);
        assertThat(records.get(0).values()).containsEntry("a", "x;y").containsEntry("b", "it's");
    }

    @Test
    void vietnameseDiacriticsArePreservedByteForByte() throws IOException {
        String name = "Nguyễn Thị Hồng Nhung";
        String address = "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh";
        String decomposed = Normalizer.normalize("Đặng Thuỳ Dương", Normalizer.Form.NFD); // must not be recomposed
        String text = HEADER + "\n1,\"" + name + "\",1990-05-12,F,\"" + address + "\",079190000001\n"
                + "2," + decomposed + ",1991-01-01,F,Huế,046191000002\n";
        List<FileRecord> records = readAll(text, WITH_HEADER);
        assertThat(records.get(0).values().get("ho_ten").getBytes(UTF_8)).isEqualTo(name.getBytes(UTF_8));
        assertThat(records.get(0).values().get("dia_chi").getBytes(UTF_8)).isEqualTo(address.getBytes(UTF_8));
        assertThat(records.get(1).values().get("ho_ten").getBytes(UTF_8)).isEqualTo(decomposed.getBytes(UTF_8));
    }

    @Test
    void multiByteCharactersAcrossDecodeBufferBoundariesAreIntact() throws IOException {
        // 3-byte characters at every offset, so that many of them straddle the 64 KiB blocks
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(",Nguyễn Thị Hồng Nhung").append("ệ".repeat(i % 3)).append(",x,F,\"Bến Nghé\",").append(i).append('\n');
        }
        List<FileRecord> records = readAll(text.toString(), WITH_HEADER);
        assertThat(records).hasSize(20_000).allMatch(FileRecord::ok);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).values().get("ho_ten")).isEqualTo("Nguyễn Thị Hồng Nhung" + "ệ".repeat(i % 3));
            assertThat(records.get(i).line()).isEqualTo(i + 2L);
        }
    }

    @Test
    void emptyAndBlankLinesAreIgnoredAndStillCounted() throws IOException {
        String text = "\n" + HEADER + "\n\n1,a,b,c,d,e\r\n\r\n   \n\t\n2,a,b,c,d,e\n\n\n";
        List<FileRecord> records = readAll(text, WITH_HEADER);
        assertThat(records).extracting(FileRecord::line).containsExactly(4L, 8L);
        assertThat(records).extracting(FileRecord::number).containsExactly(1L, 2L);
        assertThat(records).allMatch(FileRecord::ok);
    }

    @Test
    void aLineOfDelimitersIsARecordNotABlankLine() throws IOException {
        List<FileRecord> records = readAll(",,,,,\n", NO_HEADER);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).ok()).isTrue();
    }

    @Test
    void lastLineWithoutLineBreakIsACompleteRecord() throws IOException {
        List<FileRecord> records = readAll(HEADER + "\n1,a,b,c,d,e\n2,a,b,c,d,\"e\"", WITH_HEADER);
        assertThat(records).hasSize(2).allMatch(FileRecord::ok);
        assertThat(records.get(1).values().get("so_cccd")).isEqualTo("e");
        assertThat(readAll(HEADER + "\n1,a,b,c,d,", WITH_HEADER).get(0).values().get("so_cccd")).isEmpty();
    }

    // --- header ---

    @Test
    void headerIsComparedTrimmedAndCaseInsensitively() throws IOException {
        String text = " ID , Ho_Ten,NGAY_SINH,\"gioi_tinh\",dia_chi ,so_cccd\r\n1,a,b,c,d,e\r\n";
        List<FileRecord> records = readAll(text, WITH_HEADER);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).values()).containsOnlyKeys(COLUMNS); // the layout's names, not the file's
        assertThat(records.get(0).line()).isEqualTo(2);
    }

    @Test
    void missingExtraRenamedOrReorderedColumnIsAHeaderMismatch() {
        String expected = "header does not match the layout: expected " + COLUMNS + ", found ";
        for (String header : List.of(
                "id,ho_ten,ngay_sinh,gioi_tinh,dia_chi",                  // missing
                "id,ho_ten,ngay_sinh,gioi_tinh,dia_chi,so_cccd,ghi_chu",  // extra
                "id,ho_va_ten,ngay_sinh,gioi_tinh,dia_chi,so_cccd",       // renamed
                "ho_ten,id,ngay_sinh,gioi_tinh,dia_chi,so_cccd")) {       // reordered
            FileFormatException e = formatError(header + "\n1,a,b,c,d,e\n", WITH_HEADER);
            assertThat(e).hasMessage(expected + Arrays.asList(header.split(",")));
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.recordsBefore()).isZero();
        }
    }

    @Test
    void headerWithAnotherDelimiterSaysTheDelimiterLooksWrong() {
        assertThat(formatError(HEADER.replace(',', ';') + "\n1;a;b;c;d;e\n", WITH_HEADER))
                .hasMessage("wrong delimiter: expected ',' but the header looks ';'-separated");
        assertThat(formatError(HEADER.replace(',', '\t') + "\n", WITH_HEADER))
                .hasMessage("wrong delimiter: expected ',' but the header looks '\\t'-separated");
        CsvFormat semicolon = new CsvFormat(';', '"', true, COLUMNS);
        assertThat(formatError(HEADER + "\n", semicolon))
                .hasMessage("wrong delimiter: expected ';' but the header looks ','-separated");
    }

    @Test
    void withoutHeaderAFirstRecordSplittingWithAnotherDelimiterSaysSo() {
        assertThat(formatError("1;a;b;c;d;e\n2;a;b;c;d;e\n", NO_HEADER))
                .hasMessage("wrong delimiter: expected ',' but the first record looks ';'-separated");
    }

    @Test
    void headerWithoutRecordsIsZeroRecords() throws IOException {
        assertThat(readAll(HEADER, WITH_HEADER)).isEmpty();
        assertThat(readAll(HEADER + "\r\n", WITH_HEADER)).isEmpty();
        assertThat(readAll(HEADER + "\n\n\n", WITH_HEADER)).isEmpty();
    }

    // --- record problems ---

    @Test
    void wrongFieldCountIsARecordProblemAndReadingGoesOn() throws IOException {
        String text = HEADER + "\n1,a,b,c,d,e\n2,a,b,c,d\n3,a,b,c,d,e,f\n4,a,b,c,d,e\n";
        List<FileRecord> records = readAll(text, WITH_HEADER);
        assertThat(records).extracting(FileRecord::problem)
                .containsExactly(null, "expected 6 fields, found 5", "expected 6 fields, found 7", null);
        assertThat(records).extracting(FileRecord::problemField).containsOnlyNulls();
        assertThat(records).extracting(FileRecord::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records).extracting(FileRecord::line).containsExactly(2L, 3L, 4L, 5L);
        // what could be read is kept, by position, for the dead-letter entry
        assertThat(records.get(1).values()).containsEntry("id", "2").containsEntry("so_cccd", null);
        assertThat(records.get(1).ok()).isFalse();
    }

    @Test
    void textAfterAClosingQuoteIsAProblemNamingTheColumn() throws IOException {
        List<FileRecord> records = readAll("1,\"An\"x,b,c,d,e\n2,a,b,c,d,e\n", NO_HEADER);
        assertThat(records.get(0).problem()).isEqualTo("unexpected character 'x' after the closing quote");
        assertThat(records.get(0).problemField()).isEqualTo("ho_ten");
        assertThat(records.get(1).ok()).isTrue();
    }

    @Test
    void unclosedQuoteAtEndOfFileIsATruncatedLastRecord() throws IOException {
        String text = HEADER + "\n1,a,b,c,d,e\n2,a,b,c,\"Phường Bến Nghé,\nQuận 1";
        try (CsvRecordReader reader = reader(text, WITH_HEADER)) {
            FileRecord first = reader.next();
            assertThat(first.ok()).isTrue();
            FileRecord last = reader.next();
            assertThat(last.problem()).isEqualTo("truncated: quoted field not closed at end of file");
            assertThat(last.problemField()).isEqualTo("dia_chi");
            assertThat(last.number()).isEqualTo(2);
            assertThat(last.line()).isEqualTo(3);
            assertThat(last.values()).containsEntry("id", "2").containsEntry("dia_chi", "Phường Bến Nghé,\nQuận 1");
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void aRunawayQuotedFieldIsAFileErrorNotAnUnboundedRead() {
        byte[] text = ("a,b\n1,\"" + "x".repeat(10_000) + "\n2,y\n").getBytes(UTF_8);
        CsvRecordReader reader = new CsvRecordReader(new ByteArrayInputStream(text), CsvFormat.rfc4180(List.of("a", "b")), 1000);
        assertThatThrownBy(reader::next).isInstanceOf(FileFormatException.class)
                .hasMessage("record at line 2 is longer than 1000 characters (a quote not closed?)");
    }

    // --- file problems ---

    @Test
    void emptyFiles() {
        for (byte[] empty : List.of(new byte[0], BOM, "\n".getBytes(UTF_8), " \r\n\t\n \n".getBytes(UTF_8),
                concat(BOM, "\r\n\r\n".getBytes(UTF_8)))) {
            for (CsvFormat format : List.of(WITH_HEADER, NO_HEADER)) {
                FileFormatException e = formatError(empty, format);
                assertThat(e).hasMessage("empty file");
                assertThat(e.recordsBefore()).isZero();
            }
        }
    }

    @Test
    void malformedUtf8IsNotUtf8TextAtItsLine() throws IOException {
        byte[] latin1 = "3,Nguyễn,b,c,d,e\n".replace("ễ", "\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = concat((HEADER + "\n1,a,b,c,d,e\r\n2,a,b,c,d,e\n").getBytes(UTF_8), latin1);
        CsvRecordReader reader = new CsvRecordReader(new ByteArrayInputStream(content), WITH_HEADER);
        assertThat(reader.next().number()).isEqualTo(1);
        assertThat(reader.next().number()).isEqualTo(2);
        FileFormatException e = catchThrowableOfType(FileFormatException.class, reader::next);
        assertThat(e).hasMessage("not UTF-8 text at line 4");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(7);
        assertThat(e.recordsBefore()).isEqualTo(2);
        assertThat(catchThrowableOfType(FileFormatException.class, reader::next)).as("sticks").isSameAs(e);
    }

    @Test
    void malformedUtf8FarIntoTheFileAndAtItsEnd() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(",Hồng,b,c,d,e\n");
        }
        FileFormatException e = formatError(concat(text.toString().getBytes(UTF_8), new byte[] {'9', ',', (byte) 0xC3, '(', '\n'}), WITH_HEADER);
        assertThat(e).hasMessage("not UTF-8 text at line 5002");
        assertThat(e.recordsBefore()).isEqualTo(5000);
        // a multi-byte sequence cut by the end of the file
        byte[] cut = Arrays.copyOf((HEADER + "\n1,a,b,c,d,ễ").getBytes(UTF_8), (HEADER + "\n1,a,b,c,d,ễ").getBytes(UTF_8).length - 1);
        assertThat(formatError(cut, WITH_HEADER)).hasMessage("not UTF-8 text at line 2");
    }

    @Test
    void nulBytesAreBinaryContent() {
        FileFormatException e = formatError(HEADER + "\n1,a,b,c,d,e\n2,a\u0000b,c,d,e,f\n", WITH_HEADER);
        assertThat(e).hasMessage("binary content at line 3");
        assertThat(e.recordsBefore()).isEqualTo(1);
        assertThat(formatError("\u0000\u0000\u0000", NO_HEADER)).hasMessage("binary content at line 1");
    }

    @Test
    void binaryGarbageIsRejectedAsAFile() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
        assertThat(formatError(png, NO_HEADER)).hasMessage("not UTF-8 text at line 1");
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        assertThat(formatError(random, WITH_HEADER).getMessage()).matches("(not UTF-8 text|binary content) at line \\d+");
    }

    // --- progress, resume, streaming ---

    @Test
    void bytesReadCountsTheRawStream() throws IOException {
        byte[] content = concat(BOM, (HEADER + "\n1,Hồ,b,c,d,e\n").getBytes(UTF_8));
        try (CsvRecordReader reader = new CsvRecordReader(new ByteArrayInputStream(content), WITH_HEADER)) {
            assertThat(reader.bytesRead()).isZero();
            readAll(reader);
            assertThat(reader.bytesRead()).isEqualTo(content.length);
        }
    }

    @Test
    void bytesReadGrowsWithTheRecordsOfALargeFile() throws IOException {
        GeneratedCsv file = new GeneratedCsv(300_000);
        try (CsvRecordReader reader = new CsvRecordReader(file, WITH_HEADER)) {
            reader.skipTo(1000);
            long early = reader.bytesRead();
            assertThat(early).isPositive().isLessThan(file.size() / 10);
            readAll(reader);
            assertThat(reader.bytesRead()).isEqualTo(file.size());
        }
    }

    @Test
    void skipToResumesAfterAGivenRecord() throws IOException {
        String text = HEADER + "\n1,a,b,c,d,e\n2,a,b,c,d\n3,a,b,c,d,e\n4,a,b,c,d,e\n";
        try (CsvRecordReader reader = reader(text, WITH_HEADER)) {
            assertThat(reader.skipTo(2)).isEqualTo(2);
            FileRecord next = reader.next();
            assertThat(next.number()).isEqualTo(3);
            assertThat(next.values().get("id")).isEqualTo("3");
        }
        try (CsvRecordReader reader = reader(text, WITH_HEADER)) {
            assertThat(reader.skipTo(0)).isZero();
            assertThat(reader.next().number()).isEqualTo(1);
        }
        try (CsvRecordReader reader = reader(text, WITH_HEADER)) {
            assertThat(reader.skipTo(10)).as("the file is shorter").isEqualTo(4);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void aLargeFileIsStreamedWithFlatMemory() throws IOException {
        GeneratedCsv file = new GeneratedCsv(1_500_000); // about 150 MB, generated as it is read
        assertThat(file.size()).isGreaterThan(150_000_000L);
        long maxUsed = FlatHeap.maxGrowth(() -> new CsvRecordReader(file, WITH_HEADER), 1_500_000, file.size(), 300_000);
        // holding the file would take 300 MB of chars; the reader holds two 64 KiB buffers and one record
        assertThat(maxUsed).as("heap growth while reading").isLessThan(32L << 20);
    }

    /** A CSV file of n records made up as it is read, so the test itself holds none of it. */
    static final class GeneratedCsv extends InputStream {
        private final int records;
        private final long size;
        private int next;
        private byte[] current = (HEADER + "\r\n").getBytes(UTF_8);
        private int pos;

        GeneratedCsv(int records) {
            this.records = records;
            long s = current.length;
            for (int i = 1; i <= records; i++) {
                s += line(i).length;
            }
            this.size = s;
        }

        long size() {
            return size;
        }

        static byte[] line(int i) {
            return (i + ",\"Nguyễn Thị Hồng Nhung\",1990-05-12,F,\"Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh\",0791900"
                    + (10000 + i % 90000) + "\r\n").getBytes(UTF_8);
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
                    if (next == records) {
                        break;
                    }
                    current = line(++next);
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
