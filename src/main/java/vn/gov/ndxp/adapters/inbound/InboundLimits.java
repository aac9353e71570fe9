package vn.gov.ndxp.adapters.inbound;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * The declared shape of what a REST caller sends (ndxp.inbound.*): each NDXP header that is stored or
 * logged has a maximum length and a pattern, every header is printable ASCII, and the path and query
 * have a maximum length. Checked at the door, before the token, so that no value outside its column
 * or charset reaches the transaction log or a log line, whoever sent it.
 */
public final class InboundLimits {

    static final Pattern SUBSYSTEM = Pattern.compile("VN:[A-Z]+:[0-9A-Z.]+:[a-z0-9-]+");
    static final Pattern UUID_FORM = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** An officer id: letters, digits and . _ - @ (an account name or an e-mail address). */
    static final Pattern OFFICER = Pattern.compile("[A-Za-z0-9._@-]+");
    /** One NDXP header: its maximum length and the shape its value must have. */
    public record Rule(String header, int max, Pattern pattern, String shape) {
    }

    private final List<Rule> rules;
    private final NdxpProperties.Inbound limits;

    public InboundLimits(NdxpProperties props) {
        NdxpProperties.Headers h = props.getHeaders();
        this.limits = props.getInbound();
        this.rules = List.of(
                new Rule(h.getClient(), limits.getMaxClientLength(), SUBSYSTEM, "a subsystem id VN:<class>:<unit code>:<subsystem>"),
                new Rule(h.getTransactionId(), 36, UUID_FORM, "a UUID"),
                new Rule(h.getUserId(), limits.getMaxUserIdLength(), OFFICER, "an officer id (letters, digits, . _ - @)"),
                new Rule(h.getPurpose(), limits.getMaxPurposeLength(), AdapterDescriptor.PURPOSE_CODE, "a purpose code (letters, digits, . _ -)"));
    }

    /** The caller's transaction id when it is a UUID, else a fresh one (a malformed id is never kept). */
    public static String transactionIdOrNew(String given) {
        return given != null && UUID_FORM.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Visible ASCII and space: what a header value or a decoded path segment may contain. */
    static boolean printable(String value) {
        // every header of every request passes here: a loop, not a regex match
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** The name of the first header with a value that is not printable ASCII, or null. */
    public static String firstUnprintableHeader(HttpServletRequest request) {
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                if (!printable(value)) {
                    return name;
                }
            }
        }
        return null;
    }

    /** The value of a declared header if it is within its rule, else null: what may be recorded of it. */
    public String recordable(HttpServletRequest request, String header) {
        String value = request.getHeader(header);
        for (Rule r : rules) {
            if (r.header().equalsIgnoreCase(header)) {
                return value != null && printable(value) && value.length() <= r.max() && r.pattern().matcher(value).matches() ? value : null;
            }
        }
        return null;
    }

    /**
     * Throws 400 client.bad-request naming the first header, path or query that is out of its declared
     * shape. Unprintable header values were hidden by the InboundFilter, which named the header.
     */
    public void check(HttpServletRequest request) {
        // the InboundFilter has looked at every header already (empty: none was unprintable)
        String unprintable = request.getAttribute(InboundFilter.UNPRINTABLE_HEADER) instanceof String n
                ? (n.isEmpty() ? null : n) : firstUnprintableHeader(request);
        if (unprintable != null) {
            // a declared header is named as the contract spells it, any other as received
            String name = rules.stream().map(Rule::header).filter(unprintable::equalsIgnoreCase).findFirst().orElse(unprintable);
            throw NdxpException.badRequest(name, "Header " + name + " must be printable ASCII");
        }
        for (Rule r : rules) {
            String value = request.getHeader(r.header());
            if (value == null) {
                continue;
            }
            if (request.getHeaders(r.header()).hasMoreElements() && Collections.list(request.getHeaders(r.header())).size() > 1) {
                throw NdxpException.badRequest(r.header(), "Header " + r.header() + " must be sent once");
            }
            if (value.length() > r.max()) {
                throw NdxpException.badRequest(r.header(), "Header " + r.header() + " is longer than " + r.max() + " characters");
            }
            if (!value.isEmpty() && !r.pattern().matcher(value).matches()) {
                throw NdxpException.badRequest(r.header(), "Header " + r.header() + " must be " + r.shape());
            }
        }
        String uri = request.getRequestURI();
        if (uri.length() > limits.getMaxPathLength()) {
            throw NdxpException.badRequest("path", "The request path is longer than " + limits.getMaxPathLength() + " characters");
        }
        for (String segment : uri.split("/")) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw NdxpException.badRequest("path", "The request path has a malformed %-escape");
            }
            if (decoded.length() > limits.getMaxPathSegmentLength()) {
                throw NdxpException.badRequest("path", "A path segment is longer than " + limits.getMaxPathSegmentLength() + " characters");
            }
            if (!printable(decoded)) {
                throw NdxpException.badRequest("path", "The request path must be printable ASCII");
            }
        }
        String query = request.getQueryString();
        if (query != null && query.length() > limits.getMaxQueryLength()) {
            throw NdxpException.badRequest("query", "The query string is longer than " + limits.getMaxQueryLength() + " characters");
        }
    }
}
