package io.opsplane.alerting.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsplane.external-url}: where people reach the console, which every link in a notification starts with.
 * Read here once; alerting and the console's own notices take it from {@code NotificationRenderer}.
 */
@ConfigurationProperties("opsplane")
public record ConsoleAddress(@DefaultValue("http://localhost:8080") String externalUrl) {

    /** Without a trailing '/', so links can append "/sagas?…". */
    public ConsoleAddress {
        externalUrl = externalUrl == null ? "" : externalUrl.replaceAll("/+$", "");
    }
}
