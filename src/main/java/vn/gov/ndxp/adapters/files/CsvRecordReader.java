package vn.gov.ndxp.adapters.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads RFC 4180 CSV record by record in the layout's encoding (UTF-8 by default), holding one decode
 * buffer and one record at a time.
 * <ul>
 * <li>A byte order mark is dropped; lines end with CRLF, LF or CR, mixed freely.</li>
 * <li>A field starting with the quote character is quoted: it may hold delimiters, line breaks (kept as
 * they are, CRLF included) and doubled quotes (one quote). A quote inside an unquoted field is kept as a
 * plain character ({@code 5" disk}), as most producers write it.</li>
 * <li>Empty lines, and lines of nothing but blanks, are ignored (so a single-column file cannot carry an
 * empty value). Empty fields are empty strings.</li>
 * <li>A record's line is the physical line it starts on: a quoted line break moves the next record down.</li>
 * </ul>
 * Record problems (field count, text after a closing quote, a quote left open at the end of the file)
 * come back as problem records; the file-level ones (empty, header, not text in the encoding, binary, a
 * record longer than {@link #DEFAULT_MAX_RECORD_CHARS}) throw {@link FileFormatException}.
 */
public final class CsvRecordReader implements RecordReader {

    /** A longer record is taken for a runaway quoted field (or a file without line breaks): not read whole. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;

    private static final int BUFFER = 1 << 16;
    private static final char[] LIKELY_DELIMITERS = {',', ';', '\t', '|'};

    private final CountingInputStream raw;
    private final CsvFormat format;
    private final int maxRecordChars;
    private final TextReader chars;
    private final char[] buf = new char[BUFFER];
    private int pos;
    private int limit;

    private long line = 1;
    private long column;
    private long number;
    private boolean started;
    private boolean done;
    private FileFormatException failure;

    // The record being parsed; reused from record to record.
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private int recordChars;
    private long recordLine;
    private String problem;
    private String problemField;

    public CsvRecordReader(InputStream in, CsvFormat format) {
        this(in, format, DEFAULT_MAX_RECORD_CHARS);
    }

    public CsvRecordReader(InputStream in, CsvFormat format, int maxRecordChars) {
        this(in, format, maxRecordChars, FileEncoding.UTF_8);
    }

    public CsvRecordReader(InputStream in, CsvFormat format, int maxRecordChars, FileEncoding encoding) {
        this.raw = new CountingInputStream(in, encoding.wide());
        this.chars = new TextReader(raw, encoding, BUFFER, false); // lines are counted here, quoted line breaks aside
        this.format = format;
        this.maxRecordChars = maxRecordChars;
    }

    @Override
    public FileRecord next() throws IOException {
        if (failure != null) {
            throw failure; // the file is unusable: asking again gives the same answer
        }
        if (done) {
            return null;
        }
        try {
            return parseNext();
        } catch (FileFormatException e) {
            failure = e;
            throw e;
        }
    }

    private FileRecord parseNext() throws IOException {
        if (!started) {
            started = true;
            start();
        } else if (!parseRecord()) {
            done = true;
            return null;
        }
        if (fields.isEmpty()) { // only when the header was the last line: a file without records
            done = true;
            return null;
        }
        return toRecord();
    }

    @Override
    public long bytesRead() {
        return raw.count();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    /** Checks the header and leaves the first record parsed (fields empty when none). */
    private void start() throws IOException {
        if (!parseRecord()) {
            throw new FileFormatException("empty file", 0, 0, 0);
        }
        List<String> expected = format.columns();
        if (format.header()) {
            if (!headerMatches(expected)) {
                String wrong = fields.size() == 1 && expected.size() > 1 ? likelyDelimiter(fields.get(0), 0) : null;
                if (wrong != null) {
                    throw new FileFormatException("wrong delimiter: expected " + show(format.delimiter())
                            + " but the header looks " + wrong + "-separated", recordLine, 0, 0);
                }
                throw new FileFormatException("header does not match the layout: expected " + expected
                        + ", found " + fields, recordLine, 0, 0);
            }
            if (!parseRecord()) {
                fields.clear();
            }
        } else if (fields.size() == 1 && expected.size() > 1 && problem == null) {
            // Without a header, a first record that is one field splitting exactly into the layout's
            // columns with another delimiter means the whole file uses that delimiter.
            String wrong = likelyDelimiter(fields.get(0), expected.size());
            if (wrong != null) {
                throw new FileFormatException("wrong delimiter: expected " + show(format.delimiter())
                        + " but the first record looks " + wrong + "-separated", recordLine, 0, 0);
            }
        }
    }

    private boolean headerMatches(List<String> expected) {
        if (problem != null || fields.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!fields.get(i).trim().equalsIgnoreCase(expected.get(i).trim())) {
                return false;
            }
        }
        return true;
    }

    /** The most frequent other likely delimiter in text (splitting it into exactly `parts` when > 0), or null. */
    private String likelyDelimiter(String text, int parts) {
        char best = 0;
        long bestCount = 0;
        for (char d : LIKELY_DELIMITERS) {
            long count = text.chars().filter(c -> c == d).count();
            if (d != format.delimiter() && count > bestCount && (parts == 0 || count == parts - 1)) {
                best = d;
                bestCount = count;
            }
        }
        return bestCount == 0 ? null : show(best);
    }

    private static String show(char c) {
        return c == '\t' ? "'\\t'" : "'" + c + "'";
    }

    private FileRecord toRecord() {
        List<String> columns = format.columns();
        if (problem == null && fields.size() != columns.size()) {
            problem = "expected " + columns.size() + " fields, found " + fields.size();
        }
        // Problem records keep what was read, by position, for the dead-letter entry.
        Map<String, String> values = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i), i < fields.size() ? fields.get(i) : null);
        }
        return new FileRecord(++number, recordLine, Collections.unmodifiableMap(values), problemField, problem);
    }

    /**
     * Parses the next non-blank record into {@link #fields}, {@link #recordLine} and the problem; false at
     * the end of the file.
     */
    private boolean parseRecord() throws IOException {
        while (true) {
            fields.clear();
            field.setLength(0);
            recordChars = 0;
            problem = null;
            problemField = null;
            recordLine = line;
            if (peek() < 0) {
                return false;
            }
            boolean quotedSeen = false;
            boolean endOfRecord = false;
            while (!endOfRecord) {
                int c = read();
                if (c == format.quote()) {
                    quotedSeen = true;
                    c = readQuoted();
                } else {
                    // Unquoted: up to the delimiter or the end of the line.
                    while (c >= 0 && c != format.delimiter() && c != '\n' && c != '\r') {
                        append(c);
                        c = read();
                    }
                }
                endOfRecord = c != format.delimiter();
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c == '\r' || c == '\n') {
                    newLine();
                }
                fields.add(field.toString());
                field.setLength(0);
            }
            boolean blank = !quotedSeen && fields.size() == 1 && fields.get(0).isBlank();
            if (!blank) {
                return true;
            }
        }
    }

    /**
     * Reads a quoted field after its opening quote; returns the character that ends it (delimiter, line
     * break or -1).
     */
    private int readQuoted() throws IOException {
        while (true) {
            int c = read();
            if (c < 0) {
                setProblem("truncated: quoted field not closed at end of file");
                return -1;
            }
            if (c == format.quote()) {
                if (peek() != format.quote()) {
                    break;
                }
                read();
            } else if (c == '\n' || c == '\r' && peek() != '\n') {
                newLine(); // the field keeps the line break exactly; only the counting changes
            }
            append(c);
        }
        int c = read();
        if (c >= 0 && c != format.delimiter() && c != '\n' && c != '\r') {
            setProblem("unexpected character " + show((char) c) + " after the closing quote");
            while (c >= 0 && c != format.delimiter() && c != '\n' && c != '\r') {
                append(c);
                c = read();
            }
        }
        return c;
    }

    private void setProblem(String message) {
        if (problem == null) {
            problem = message;
            int i = fields.size();
            problemField = i < format.columns().size() ? format.columns().get(i) : null;
        }
    }

    private void append(int c) {
        field.append((char) c);
        if (++recordChars > maxRecordChars) {
            throw new FileFormatException("record at line " + recordLine + " is longer than " + maxRecordChars
                    + " characters (a quote not closed?)", recordLine, 0, number);
        }
    }

    private void newLine() {
        line++;
        column = 0;
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        char c = buf[pos++];
        column++;
        if (c == 0) {
            throw new FileFormatException("binary content at line " + line, line, column, number);
        }
        return c;
    }

    private boolean fill() throws IOException {
        try {
            int n = chars.read(buf, 0, buf.length);
            pos = 0;
            limit = Math.max(n, 0);
            return n > 0;
        } catch (TextReader.NotTextException e) {
            throw new FileFormatException(e.getMessage() + " at line " + line, line, column + 1, number, e);
        }
    }
}
