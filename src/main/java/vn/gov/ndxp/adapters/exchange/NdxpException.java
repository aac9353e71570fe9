package vn.gov.ndxp.adapters.exchange;

/**
 * A typed failure of an exchange. The category says whose fault it is (DESIGN, "Errors") and becomes
 * the X-NDXP-Error header, the problem "type" and the SOAP fault code.
 */
public class NdxpException extends RuntimeException {

    public static final String CLIENT_BAD_REQUEST = "client.bad-request";
    public static final String CLIENT_UNAUTHORIZED = "client.unauthorized";
    public static final String CLIENT_FORBIDDEN = "client.forbidden";
    public static final String CLIENT_NOT_FOUND = "client.not-found";
    public static final String CLIENT_PAYLOAD_TOO_LARGE = "client.payload-too-large";
    public static final String CLIENT_UNSUPPORTED_MEDIA_TYPE = "client.unsupported-media-type";
    /** A transaction id reused for a different request (idempotent write-backs). */
    public static final String CLIENT_CONFLICT = "client.conflict";
    /** The service requires this client to say why it calls (X-NDXP-Purpose), and it did not. */
    public static final String CLIENT_PURPOSE_REQUIRED = "client.purpose-required";
    /** The purpose given is not in the adapter's purposes list. */
    public static final String CLIENT_PURPOSE_UNKNOWN = "client.purpose-unknown";
    /** The client has used its quota of calls to the service for the current window (429). */
    public static final String CLIENT_QUOTA_EXCEEDED = "client.quota-exceeded";
    /** Console logins refused for a while after repeated failures (LoginThrottle). */
    public static final String CLIENT_TOO_MANY_REQUESTS = "client.too-many-requests";
    public static final String ADAPTER_MAPPING = "adapter.mapping";
    public static final String ADAPTER_INTERNAL = "adapter.internal";
    public static final String ADAPTER_STOPPED = "adapter.stopped";
    public static final String ADAPTER_UNAVAILABLE = "adapter.unavailable";
    public static final String ADAPTER_MAINTENANCE = "adapter.maintenance";
    /** An operator's reload refused: the adapter folder's new version is invalid (ops endpoints only). */
    public static final String ADAPTER_INVALID = "adapter.invalid";
    public static final String BACKEND_FAULT = "backend.fault";
    public static final String BACKEND_UNAVAILABLE = "backend.unavailable";
    public static final String BACKEND_TIMEOUT = "backend.timeout";
    public static final String BACKEND_NOT_FOUND = "backend.not-found";
    public static final String BACKEND_REJECTED = "backend.rejected";
    /** The backend answered something that is not a readable message (not XML, truncated, no SOAP envelope). */
    public static final String BACKEND_INVALID_RESPONSE = "backend.invalid-response";
    public static final String PLATFORM_UNAVAILABLE = "platform.unavailable";
    public static final String PLATFORM_TIMEOUT = "platform.timeout";
    public static final String PLATFORM_REJECTED = "platform.rejected";

    private final String category;
    private final int status;
    private final String title;
    private final String field;
    private final Integer retryAfterSeconds;

    public NdxpException(String category, int status, String title, String detail) {
        this(category, status, title, detail, null, null, null);
    }

    public NdxpException(String category, int status, String title, String detail, String field,
                         Integer retryAfterSeconds, Throwable cause) {
        super(detail, cause);
        this.category = category;
        this.status = status;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * The title of a category: a lookup's not-found is "Not found" whichever backend answered; any other
     * from its name ("backend.invalid-response" -> "Backend invalid response").
     */
    public static String titleOf(String category) {
        if (BACKEND_NOT_FOUND.equals(category)) {
            return "Not found";
        }
        String words = category.replace('.', ' ').replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    public static NdxpException badRequest(String field, String detail) {
        return new NdxpException(CLIENT_BAD_REQUEST, 400, "Bad request", detail, field, null, null);
    }

    public static NdxpException conflict(String detail) {
        return new NdxpException(CLIENT_CONFLICT, 409, "Conflict", detail, null, null, null);
    }

    /**
     * 409 client.conflict raised by a route (throwException in YAML takes a class with a message
     * constructor), e.g. a write-back whose transaction id was already used for another record.
     */
    public static class Conflict extends NdxpException {
        public Conflict(String detail) {
            super(CLIENT_CONFLICT, 409, "Conflict", detail, null, null, null);
        }
    }

    public static NdxpException unauthorized(String detail) {
        return new NdxpException(CLIENT_UNAUTHORIZED, 401, "Unauthorized", detail);
    }

    public static NdxpException forbidden(String detail) {
        return new NdxpException(CLIENT_FORBIDDEN, 403, "Forbidden", detail);
    }

    public String category() {
        return category;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public String field() {
        return field;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
