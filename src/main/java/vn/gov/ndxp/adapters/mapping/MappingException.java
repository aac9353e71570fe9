package vn.gov.ndxp.adapters.mapping;

/**
 * A document could not be mapped. {@link #field()} is the JSON path of the offending field
 * (e.g. {@code parents[1].dateOfBirth}) so callers can report it to the client; {@link #getMessage()}
 * is the short human reason without the path.
 */
public class MappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public MappingException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** JSON path of the offending field, or null when the problem is not tied to one field. */
    public String field() {
        return field;
    }

    @Override
    public String toString() {
        // Logs and stack traces show the path too; getMessage() stays path-free for API responses.
        return field == null ? super.toString() : getClass().getName() + ": " + field + ": " + getMessage();
    }
}
