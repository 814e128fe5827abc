package io.opsplane.demo;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo shop: one jar, three services. {@code --demo.service=order|inventory|payment} picks the
 * role; each role has its own port, its own PostgreSQL schema and its own consumer group.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DemoApplication {

    public static void main(String[] args) {
        Role role;
        try {
            role = Role.fromArguments(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: java -jar opsplane-demo.jar --demo.service="
                    + Arrays.stream(Role.values()).map(Role::id).collect(Collectors.joining("|"))
                    + " [--server.port=N] [Spring properties]");
            System.exit(2);
            return;
        }
        start(role, args);
    }

    /** Starts one service; tests start all three in one JVM this way. */
    public static ConfigurableApplicationContext start(Role role, String... args) {
        SpringApplication application = new SpringApplication(DemoApplication.class, role.configuration());
        application.setDefaultProperties(role.defaultProperties());
        return application.run(args);
    }
}
