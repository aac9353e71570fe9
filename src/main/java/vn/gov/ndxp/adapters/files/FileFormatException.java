package vn.gov.ndxp.adapters.files;

/**
 * A problem with a batch file as a whole (unreadable, empty, wrong header, not UTF-8, binary, malformed
 * XML): no further record can be read from it. Records returned before it stay valid.
 */
public class FileFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final long column;
    private final long recordsBefore;

    public FileFormatException(String message, long line, long column, long recordsBefore) {
        super(message);
        this.line = line;
        this.column = column;
        this.recordsBefore = recordsBefore;
    }

    public FileFormatException(String message, long line, long column, long recordsBefore, Throwable cause) {
        this(message, line, column, recordsBefore);
        initCause(cause);
    }

    /** 1-based line of the problem, 0 when unknown. */
    public long line() {
        return line;
    }

    /** 1-based column (in characters) of the problem, 0 when unknown. */
    public long column() {
        return column;
    }

    /** How many records were returned before the problem (they were read correctly). */
    public long recordsBefore() {
        return recordsBefore;
    }
}
