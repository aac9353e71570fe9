package vn.gov.ndxp.adapters;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NdxpAdaptersApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(NdxpAdaptersApplication.class);
        // the sandbox is what a newcomer gets; production must say --spring.profiles.active=prod
        app.setDefaultProperties(Map.of("spring.profiles.default", "sandbox"));
        app.run(args);
    }
}
