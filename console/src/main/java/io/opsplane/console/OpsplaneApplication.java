package io.opsplane.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OpsplaneApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpsplaneApplication.class, args);
    }
}
