package vn.gov.ndxp.adapters.files;

import java.util.List;

/**
 * How a CSV file is written: its delimiter and quote characters, whether its first line is a header, and
 * the expected columns in order (the header when there is one; the names of the values in any case).
 */
public record CsvFormat(char delimiter, char quote, boolean header, List<String> columns) {

    public CsvFormat {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("columns: at least one column is required");
        }
        columns = List.copyOf(columns);
        if (delimiter == quote || isLineBreak(delimiter) || isLineBreak(quote)) {
            throw new IllegalArgumentException("delimiter and quote must differ and not be line breaks");
        }
    }

    /** Comma-separated, double quotes, with a header line. */
    public static CsvFormat rfc4180(List<String> columns) {
        return new CsvFormat(',', '"', true, columns);
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }
}
