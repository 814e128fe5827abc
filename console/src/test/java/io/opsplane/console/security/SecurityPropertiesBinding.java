package io.opsplane.console.security;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code opsplane.security.*} bound the way Spring binds the console's configuration, defaults included. */
final class SecurityPropertiesBinding {

    private SecurityPropertiesBinding() {
    }

    /** @param configured settings below {@code opsplane.security.}, e.g. {@code oidc.default-role} */
    static SecurityProperties bind(Map<String, String> configured) {
        Map<String, String> prefixed = new HashMap<>();
        configured.forEach((name, value) -> prefixed.put("opsplane.security." + name, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("opsplane.security", SecurityProperties.class);
    }
}
