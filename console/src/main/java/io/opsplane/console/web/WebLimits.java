package io.opsplane.console.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@link ParameterLimits} on every machine-facing path. */
@Configuration
class WebLimits implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ParameterLimits()).addPathPatterns("/api/**", "/jaeger/**");
    }
}
