package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.w3c.dom.Element;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.exchange.HeaderFields;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.FailWhen;
import vn.gov.ndxp.adapters.mapping.MappingException;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;

/** Runs an ndxp-mapping step. Mapping errors are typed by whose data was wrong: the client's or the backend's. */
class NdxpMappingProducer extends DefaultProducer {

    private final NdxpMappingEndpoint endpoint;
    private final XmlJsonMapper mapper;
    private final ObjectMapper json;

    NdxpMappingProducer(NdxpMappingEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.mapper = endpoint.getComponent().mapper();
        this.json = endpoint.getComponent().json();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (endpoint.getVerb().equals(NdxpMappingEndpoint.JSON_TO_XML)) {
            jsonToXml(exchange);
        } else {
            xmlToJson(exchange);
        }
    }

    private void jsonToXml(Exchange exchange) {
        JsonNode in = "headers".equals(endpoint.getSource())
                ? HeaderFields.toJson(exchange.getMessage(), mapper.jsonSchema(endpoint.resolved())) : Bodies.json(exchange, json);
        try {
            Element xml = mapper.toXml(in, endpoint.resolved(), endpoint.isStrict(), null);
            // a Document, not an Element: Camel would read an Element as the NodeList of its children
            exchange.getMessage().setBody(xml.getOwnerDocument());
        } catch (MappingException m) {
            if (endpoint.isStrict()) {
                throw NdxpException.badRequest(m.field(), Failures.describe(m));
            }
            throw m;
        }
    }

    private void xmlToJson(Exchange exchange) throws IOException {
        Element xml = Bodies.element(exchange.getMessage());
        FailWhen failure = endpoint.resolved().failure(xml);
        if (failure != null) {
            // a failure reported inside a normal answer (failWhen): typed like any other, never mapped
            throw new NdxpException(failure.category(), failure.status(), NdxpException.titleOf(failure.category()),
                    failure.detail(xml));
        }
        JsonNode out;
        try {
            out = mapper.toJson(xml, endpoint.resolved());
        } catch (MappingException m) {
            if ("client".equals(endpoint.getSource())) {
                // the XML came from the caller (a SOAP facade's request): its fault, not the backend's
                throw NdxpException.badRequest(m.field(), Failures.describe(m));
            }
            throw m;
        }
        Bodies.setJson(exchange.getMessage(), json, out);
    }
}
