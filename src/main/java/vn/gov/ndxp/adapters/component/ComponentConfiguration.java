package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.audit.DeadLetterStore;
import vn.gov.ndxp.adapters.capture.WatermarkCapture;
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/** The Camel components YAML routes compose, so adapters need no Java; bean names are what routes refer to. */
@Configuration(proxyBeanMethods = false)
public class ComponentConfiguration {

    @Bean("ndxp")
    NdxpComponent ndxpComponent(AdapterRegistry registry, AdapterMappings mappings, XmlJsonMapper mapper, PlatformClient platform,
                                ObjectMapper json, WatermarkCapture watermarks, FileIntake fileIntake) {
        NdxpComponent component = new NdxpComponent(registry, mappings, mapper, platform, json);
        component.setFileIntake(fileIntake);
        component.setWatermarks(watermarks);
        return component;
    }

    @Bean("recordBatch")
    RecordBatch recordBatch(DeadLetterStore deadLetters) {
        return new RecordBatch(deadLetters);
    }
}
