package vn.gov.ndxp.adapters.component;

import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.Metadata;
import vn.gov.ndxp.adapters.exchange.NdxpHeaders;

/** The headers an ndxp-idempotency-key step sets. */
public final class NdxpIdempotencyKeyConstants {

    @Metadata(description = "The record's transaction id (also the exchange property ndxp.transactionId): a UUID derived from"
            + " the adapter id and the fields", javaType = "String")
    public static final String TRANSACTION_ID = NdxpHeaders.TRANSACTION_ID;
    @Metadata(description = "The Kafka record key: the value of the first field", javaType = "String")
    public static final String KAFKA_KEY = KafkaConstants.KEY;

    private NdxpIdempotencyKeyConstants() {
    }
}
