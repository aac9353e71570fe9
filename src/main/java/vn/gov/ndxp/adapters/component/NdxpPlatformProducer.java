package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/** Runs an ndxp-platform step: one call of an NDXP service as the adapter's subsystem. */
class NdxpPlatformProducer extends DefaultProducer {

    /** {name} in a path (or purpose) template. */
    static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final NdxpPlatformEndpoint endpoint;

    NdxpPlatformProducer(NdxpPlatformEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        // the JSON body gives {params} of the path (e.g. the mapped SOAP request) and, unless GET, the payload
        JsonNode params = exchange.getMessage().getBody() == null ? null : Bodies.json(exchange, endpoint.getComponent().json());
        JsonNode body = "GET".equalsIgnoreCase(endpoint.getMethod()) ? null : endpoint.sent(params);
        // with a field set, a path parameter comes only from the fields sent: the others never leave the adapter
        String path = resolvePath(endpoint.getPath(), exchange.getMessage(), body != null ? body : params);
        var creds = endpoint.descriptor().platformClient();
        var caller = new PlatformClient.Caller(creds.key(), creds.secret(), endpoint.descriptor().subsystem(),
                exchange.getProperty(Exchanges.TRANSACTION_ID, String.class),
                exchange.getProperty(Exchanges.USER_ID, String.class), endpoint.purpose(exchange, params));
        PlatformClient.Response res = endpoint.getComponent().platform().call(caller, endpoint.getMethod().toUpperCase(Locale.ROOT),
                endpoint.getService(), path, body);
        exchange.getMessage().setBody(res.body());
    }

    /** {name} in a path template: from a header (path parameter) or a top-level field of the JSON body. */
    static String resolvePath(String template, Message m, JsonNode body) {
        Matcher matcher = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = m.getHeader(name, String.class);
            if (value == null && body != null && body.hasNonNull(name)) {
                value = body.get(name).asText();
            }
            if (value == null || value.isEmpty()) {
                throw NdxpException.badRequest(name, "required field is missing");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
