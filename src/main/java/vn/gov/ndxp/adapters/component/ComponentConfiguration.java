package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.audit.DeadLetterStore;
import vn.gov.ndxp.adapters.audit.TransactionRecorder;
import vn.gov.ndxp.adapters.capture.WatermarkCapture;
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/**
 * The Camel components YAML routes compose, so adapters need no Java. A bean's name is its URI scheme:
 * Camel takes the component of a scheme from the registry, with these collaborators.
 */
@Configuration(proxyBeanMethods = false)
public class ComponentConfiguration {

    @Bean("ndxp-mapping")
    NdxpMappingComponent ndxpMappingComponent(AdapterRegistry registry, AdapterMappings mappings, XmlJsonMapper mapper, ObjectMapper json) {
        return new NdxpMappingComponent(registry, mappings, mapper, json);
    }

    @Bean("ndxp-record")
    NdxpRecordComponent ndxpRecordComponent(AdapterRegistry registry, AdapterMappings mappings, ObjectMapper json, RecordBatch batches) {
        return new NdxpRecordComponent(registry, mappings, json, batches);
    }

    @Bean("ndxp-idempotency-key")
    NdxpIdempotencyKeyComponent ndxpIdempotencyKeyComponent(AdapterRegistry registry, ObjectMapper json, RecordBatch batches) {
        return new NdxpIdempotencyKeyComponent(registry, json, batches);
    }

    @Bean("ndxp-platform")
    NdxpPlatformComponent ndxpPlatformComponent(AdapterRegistry registry, PlatformClient platform, ObjectMapper json,
                                                DeadLetterStore deadLetters, TransactionRecorder recorder) {
        return new NdxpPlatformComponent(registry, platform, json, deadLetters, recorder);
    }

    @Bean("ndxp-capture")
    NdxpCaptureComponent ndxpCaptureComponent(AdapterRegistry registry, WatermarkCapture watermarks) {
        return new NdxpCaptureComponent(registry, watermarks);
    }

    @Bean("ndxp-file-intake")
    NdxpFileIntakeComponent ndxpFileIntakeComponent(AdapterRegistry registry, AdapterMappings mappings, FileIntake intake) {
        return new NdxpFileIntakeComponent(registry, mappings, intake);
    }

    @Bean("ndxp-fail")
    NdxpFailComponent ndxpFailComponent() {
        return new NdxpFailComponent();
    }

    @Bean("kafkaBatchCommit")
    KafkaBatchCommit kafkaBatchCommit() {
        return new KafkaBatchCommit();
    }

    @Bean("recordBatch")
    RecordBatch recordBatch(DeadLetterStore deadLetters) {
        return new RecordBatch(deadLetters);
    }
}
