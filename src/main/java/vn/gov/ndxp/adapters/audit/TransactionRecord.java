package vn.gov.ndxp.adapters.audit;

import java.time.Instant;

/**
 * What the runtime keeps of one exchange: who asked what, when (request in/out, response in/out),
 * with what result. userId is already masked; bodies are present only when payload capture is on.
 * purpose: the purpose of use the caller gave (X-NDXP-Purpose, a code of the adapter's list), or null.
 */
public record TransactionRecord(
        String transactionId,
        String adapter,
        String direction,
        String client,
        String service,
        String routeId,
        Instant requestIn,
        Instant requestOut,
        Instant responseIn,
        Instant responseOut,
        String status,
        Integer httpStatus,
        String errorCategory,
        Long requestBytes,
        Long responseBytes,
        String userId,
        String requestBody,
        String responseBody,
        String purpose) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    /** The direction of an operator's action (an adapter reloaded, a file released): recorded, but not an exchange; statistics leave it out. */
    public static final String OPERATOR = "operator";

    /**
     * The fields the hash chain covers, in a fixed order (timestamps at microsecond precision). The
     * purpose comes last and only when given, so records written before it existed keep their hashes;
     * no other field may hold a '|' followed by a purpose, as userId's shape has no '|'.
     */
    String canonical() {
        return canonical(Instants.of(this));
    }

    String canonical(Instants t) {
        String fields = String.join("|", transactionId, adapter, direction, s(client), s(service), s(routeId),
                s(t.requestIn()), s(t.requestOut()), s(t.responseIn()), s(t.responseOut()), status, s(httpStatus),
                s(errorCategory), s(requestBytes), s(responseBytes), s(userId));
        return purpose == null ? fields : fields + "|" + purpose;
    }

    private static String s(Object o) {
        return o == null ? "" : o.toString();
    }

    /**
     * A record's four instants in ISO-8601 (Instant.toString), null when absent: formatted once per record
     * for what the transaction log writes of it (the chain, the row, the Kafka JSON).
     */
    record Instants(String requestIn, String requestOut, String responseIn, String responseOut) {

        static Instants of(TransactionRecord r) {
            return new Instants(iso(r.requestIn), iso(r.requestOut), iso(r.responseIn), iso(r.responseOut));
        }

        private static String iso(Instant i) {
            return i == null ? null : i.toString();
        }
    }
}
