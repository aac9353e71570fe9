package vn.gov.ndxp.adapters.exchange;

import java.util.regex.Pattern;

/** Exchange property names the runtime keeps per NDXP exchange, and masking for logs. */
public final class Exchanges {

    public static final String TRANSACTION_ID = "ndxp.transactionId";
    public static final String ADAPTER = "ndxp.adapter";
    public static final String SERVICE = "ndxp.service";
    public static final String CLIENT = "ndxp.client";
    public static final String USER_ID = "ndxp.userId";
    /** The purpose of use the caller gave (checked against the adapter's list). */
    public static final String PURPOSE = "ndxp.purpose";
    /** The IETF RateLimit and RateLimit-Policy header values of a call under a quota (quota.Quotas). */
    public static final String RATE_LIMIT = "ndxp.rateLimit";
    public static final String RATE_LIMIT_POLICY = "ndxp.rateLimitPolicy";
    public static final String REPLAY_OF = "ndxp.replayOf";
    public static final String DEAD_LETTERED = "ndxp.deadLettered";
    /** Set by the runtime for the transaction record: remote-call timestamps, request size and body, outcome. */
    public static final String REQUEST_OUT = "ndxp.requestOut";
    public static final String RESPONSE_IN = "ndxp.responseIn";
    public static final String REQUEST_BYTES = "ndxp.requestBytes";
    public static final String REQUEST_BODY = "ndxp.requestBody";
    public static final String STATUS = "ndxp.status";
    public static final String ERROR_CATEGORY = "ndxp.errorCategory";

    private static final Pattern DIGITS = Pattern.compile("\\b(\\d{3})\\d{4,}(\\d{2})\\b");

    private Exchanges() {
    }

    /** Citizen ids and other long numbers in a log line: 001203000001 -> 001*******01. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        return DIGITS.matcher(text).replaceAll(m -> m.group(1) + "*".repeat(m.group().length() - 5) + m.group(2));
    }
}
