package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpHeaders;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/**
 * An ndxp-platform step with batch=true: the records of the body (a list of exchanges or messages, in
 * their order: a Kafka batch keeps each partition's order) go in one POST to {@code <path>/batch} as
 * {@code {records: [{key, record}]}}, each keyed by its idempotency key (its X-NDXP-Transaction-Id header,
 * as the single-record call sends it). The platform answers per record: accepted and duplicate (a resend)
 * are delivered, each with its own transaction record; a rejected record goes to dead letters alone with the
 * platform's reason and field. A batch the platform refuses as a whole for good (400, 422, ...) has each of its
 * records dead-lettered with that reason; a transient failure (platform down, 5xx, timeout, breaker open) is
 * thrown: the whole batch fails and stays at its source, to be sent again with the same keys.
 */
class NdxpPlatformBatchProducer extends DefaultProducer {

    private final NdxpPlatformEndpoint endpoint;

    NdxpPlatformBatchProducer(NdxpPlatformEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<Exchange> items = items(exchange);
        NdxpPlatformComponent component = endpoint.getComponent();
        List<Exchange> sent = new ArrayList<>(items.size());
        ObjectNode body = component.json().createObjectNode();
        ArrayNode records = body.putArray("records");
        for (Exchange item : items) {
            String key = item.getMessage().getHeader(NdxpHeaders.TRANSACTION_ID, String.class);
            if (key == null) {
                key = item.getProperty(Exchanges.TRANSACTION_ID, String.class);
            }
            JsonNode record = null;
            RawValue raw = null;
            try {
                if (key == null || key.isBlank()) {
                    throw NdxpException.badRequest(NdxpHeaders.TRANSACTION_ID, "a record of a batch needs its idempotency key");
                }
                item.setProperty(Exchanges.TRANSACTION_ID, key);
                // a record that cannot be read or narrowed goes to dead letters alone; the batch goes on.
                // One that is sent whole is checked and sent as it came, not read into a tree and written again
                raw = endpoint.narrows() ? null : Bodies.rawJson(item, component.json());
                if (raw == null) {
                    record = endpoint.sent(Bodies.json(item, component.json()));
                }
            } catch (RuntimeException e) {
                deadLetter(item, e);
                continue;
            }
            ObjectNode entry = records.addObject().put("key", key);
            if (raw != null) {
                entry.putRawValue("record", raw);
            } else {
                entry.set("record", record);
            }
            sent.add(item);
        }
        if (sent.isEmpty()) {
            done(exchange);
            return;
        }
        var creds = endpoint.descriptor().platformClient();
        var caller = new PlatformClient.Caller(creds.key(), creds.secret(), endpoint.descriptor().subsystem(),
                exchange.getProperty(Exchanges.TRANSACTION_ID, String.class), exchange.getProperty(Exchanges.USER_ID, String.class),
                endpoint.purpose(exchange, null));
        String path = NdxpPlatformProducer.resolvePath(endpoint.getPath(), exchange.getMessage(), null) + "/batch";
        Instant out = Instant.now();
        Map<String, JsonNode> results = new HashMap<>();
        NdxpException refused = null;
        try {
            JsonNode answer = component.platform().call(caller, "POST", endpoint.getService(), path, body).body();
            if (answer != null) {
                answer.path("results").forEach(r -> results.put(r.path("key").asText(), r));
            }
        } catch (NdxpException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            refused = e;
        }
        Instant in = Instant.now();
        for (Exchange item : sent) {
            item.setProperty(Exchanges.REQUEST_OUT, out);
            item.setProperty(Exchanges.RESPONSE_IN, in);
            copy(exchange, item, Exchanges.SERVICE);
            copy(exchange, item, Exchanges.CLIENT);
            copy(exchange, item, Exchanges.PURPOSE);
            JsonNode r = results.get(item.getProperty(Exchanges.TRANSACTION_ID, String.class));
            if (refused != null) {
                deadLetter(item, refused);
            } else if (r != null && "rejected".equals(r.path("status").asText())) {
                deadLetter(item, new NdxpException(NdxpException.PLATFORM_REJECTED, 422, "Rejected by the platform",
                        r.path("reason").asText("rejected by the platform"), r.path("field").asText(null), null, null));
            } else {
                // no answer for a record counts as accepted (as for file batches); a duplicate was delivered before
                item.setProperty(Exchanges.STATUS, r != null && "duplicate".equals(r.path("status").asText()) ? 208 : 202);
                record(item);
            }
        }
        done(exchange);
    }

    /** The batch's own exchange: its records were recorded one by one, so it records nothing itself. */
    private static void done(Exchange exchange) {
        exchange.removeProperty(Exchanges.TRANSACTION_ID);
    }

    private void deadLetter(Exchange item, Exception e) throws Exception {
        item.setProperty(Exchange.EXCEPTION_CAUGHT, e);
        endpoint.getComponent().deadLetters().storeItem(item);
    }

    private void record(Exchange item) {
        if (endpoint.getComponent().recorder() != null) {
            endpoint.getComponent().recorder().recordItem(item);
        }
    }

    private static void copy(Exchange from, Exchange to, String property) {
        Object v = from.getProperty(property);
        if (v != null && to.getProperty(property) == null) {
            to.setProperty(property, v);
        }
    }

    /** The records of the batch: a list of exchanges (batching Kafka consumer) or of messages. */
    static List<Exchange> items(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof List<?> list)) {
            throw new IllegalArgumentException("ndxp-platform batch=true needs a list of records as the body, not "
                    + (body == null ? "none" : body.getClass().getName()));
        }
        List<Exchange> items = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o instanceof Exchange e) {
                items.add(e);
            } else if (o instanceof Message m) {
                items.add(m.getExchange());
            } else {
                throw new IllegalArgumentException("ndxp-platform batch=true: a record of the batch is "
                        + (o == null ? "null" : o.getClass().getName()) + ", not an exchange or a message");
            }
        }
        return items;
    }
}
