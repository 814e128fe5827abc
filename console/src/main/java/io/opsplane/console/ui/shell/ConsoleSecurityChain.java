package io.opsplane.console.ui.shell;

import io.opsplane.console.security.ConsoleSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** The console's filter chain, signing people in at the UI's own login view (after the machine chain, Order 1). */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityChain {

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, ConsoleSecurity security) throws Exception {
        return security.chain(http, LoginView.class, LoginView.PATH);
    }
}
