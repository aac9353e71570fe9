package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.HeaderFields;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.MappingException;
import vn.gov.ndxp.adapters.mapping.RecordLayout;

/** Runs an ndxp-record step: rows from the backend to JSON, or the client's JSON to sql: parameters. */
class NdxpRecordProducer extends DefaultProducer {

    private final NdxpRecordEndpoint endpoint;
    private final RecordLayout layout;
    private final ObjectMapper json;

    NdxpRecordProducer(NdxpRecordEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.layout = endpoint.resolved();
        this.json = endpoint.getComponent().json();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (endpoint.getVerb().equals(NdxpRecordEndpoint.RECORD_TO_JSON)) {
            recordToJson(exchange);
        } else {
            jsonToRecord(exchange);
        }
    }

    private void recordToJson(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (endpoint.isBatch()) {
            // one row (a consumer that reads one at a time) is a batch of one
            List<?> rows = body instanceof List<?> list ? list : Collections.singletonList(body);
            exchange.getMessage().setBody(endpoint.getComponent().batches().fromRows(exchange, rows,
                    record -> Bodies.setJson(record.getMessage(), json, toJson(record.getMessage().getBody()))));
            return;
        }
        JsonNode out;
        if (body instanceof Map<?, ?> row) {
            out = toJson(row);
        } else if (body instanceof List<?> rows) {
            if (endpoint.isSingle()) {
                if (rows.isEmpty()) {
                    throw new NdxpException(NdxpException.BACKEND_NOT_FOUND, 404, "Not found",
                            "The legacy system has no such record", null, null, null);
                }
                out = toJson(rows.get(0));
            } else {
                var array = json.createArrayNode();
                for (Object r : rows) {
                    array.add(toJson(r));
                }
                out = array;
            }
        } else {
            out = toJson(body);
        }
        Bodies.setJson(exchange.getMessage(), json, out);
    }

    private JsonNode toJson(Object row) {
        if (row instanceof Map<?, ?> columns) {
            return endpoint.layoutOf(columns).toJson(cast(columns));
        }
        throw new MappingException(null, "expected a legacy record (row), got " + (row == null ? "nothing" : row.getClass().getSimpleName()));
    }

    private void jsonToRecord(Exchange exchange) {
        JsonNode in = "headers".equals(endpoint.getSource())
                ? HeaderFields.toJson(exchange.getMessage(), layout.jsonSchema()) : Bodies.json(exchange, json);
        try {
            Map<String, Object> params = new LinkedHashMap<>(layout.fromJson(in, endpoint.isStrict()));
            // the record's digest: a write-back keyed by the transaction id tells a replay of the same
            // record (same digest: the first answer again) from a reuse of the id for another (409)
            params.put("requestHash", digest(params));
            params.put("transactionId", exchange.getProperty(Exchanges.TRANSACTION_ID, String.class));
            exchange.getMessage().setBody(params);
        } catch (MappingException m) {
            throw NdxpException.badRequest(m.field(), Failures.describe(m));
        }
    }

    private String digest(Map<String, Object> record) {
        try {
            byte[] data = json.writeValueAsBytes(record);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (IOException | NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> row) {
        return (Map<String, ?>) row;
    }
}
