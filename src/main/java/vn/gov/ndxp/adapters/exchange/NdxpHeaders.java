package vn.gov.ndxp.adapters.exchange;

/**
 * The NDXP header names of the platform's contract. They are the defaults of ndxp.headers.*
 * ({@link NdxpProperties.Headers}); code that has the configuration uses the configured names.
 */
public final class NdxpHeaders {

    /** Every NDXP header name starts with this (case-insensitive in HTTP). */
    public static final String PREFIX = "X-NDXP-";
    public static final String CLIENT = "X-NDXP-Client";
    public static final String SERVICE = "X-NDXP-Service";
    public static final String TRANSACTION_ID = "X-NDXP-Transaction-Id";
    public static final String USER_ID = "X-NDXP-User-Id";
    public static final String ERROR = "X-NDXP-Error";
    /** Why the call is made: a code of the called adapter's purposes list. */
    public static final String PURPOSE = "X-NDXP-Purpose";

    private NdxpHeaders() {
    }
}
