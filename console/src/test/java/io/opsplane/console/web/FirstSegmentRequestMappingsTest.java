package io.opsplane.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.opsplane.console.testing.OpsplaneInstance;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The console's handler lookup picks what Spring's own picks, for a request to every path of every mapping (and
 * beside them) by every method: the same handler method, or the same refusal.
 */
class FirstSegmentRequestMappingsTest {

    @AutoClose
    private static final OpsplaneInstance console = OpsplaneInstance.withOrderSaga().start();

    @Test
    void everyRequestFindsWhatSpringsOwnLookupFinds() throws Exception {
        RequestMappingHandlerMapping bean = console.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        assertThat(bean).isInstanceOf(FirstSegmentRequestMappings.class);
        FirstSegmentRequestMappings mappings = (FirstSegmentRequestMappings) bean;

        Set<String> paths = new LinkedHashSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                String path = pattern.getPatternString().replaceAll("\\{\\*[^}]+}|\\*\\*", "a/b")
                        .replaceAll("\\{[^}]+}", "x1").replace("*", "y");
                paths.add(path);
                paths.add(path + "/more");
                paths.add(path.replaceFirst("^/([^/]+)/", "/$1x/"));
            }
        }
        paths.addAll(List.of("/jaeger/api/traces/00f067aa0ba902b7", "/%6Aaeger/api/traces/1", "/api", "/",
                "//api/sagas", "/nowhere/at/all", "/api/sagas/", "/JAEGER/api/services"));
        assertThat(paths).hasSizeGreaterThan(100);

        List<String> compared = new ArrayList<>();
        for (String path : paths) {
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
                String ours = outcome(() -> mappings.lookupHandlerMethod(path, request(method, path)));
                String springs = outcome(() -> mappings.springLookup(path, request(method, path)));
                assertThat(ours).as("%s %s", method, path).isEqualTo(springs);
                compared.add(method + " " + path + " -> " + ours);
            }
        }
        // the Jaeger API's trace by id, the request this lookup is for, finds its controller
        assertThat(compared).contains("GET /jaeger/api/traces/00f067aa0ba902b7 -> JaegerApiController.trace");
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Accept", "application/json");
        ServletRequestPathUtils.parseAndCache(request);
        return request;
    }

    private interface Lookup {
        HandlerMethod find() throws Exception;
    }

    private static String outcome(Lookup lookup) {
        try {
            HandlerMethod found = lookup.find();
            return found == null ? "none" : found.getBeanType().getSimpleName() + "." + found.getMethod().getName();
        } catch (Exception refused) {
            return refused.getClass().getSimpleName();
        }
    }
}
