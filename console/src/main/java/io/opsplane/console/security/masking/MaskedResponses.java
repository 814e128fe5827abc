package io.opsplane.console.security.masking;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API's read edge: every JSON answer, from every controller of the console and of alerting,
 * passes through {@link Masking} on its way to a caller data is masked for. Masking the written tree
 * rather than each endpoint's types means a new endpoint cannot forget it.
 */
@ControllerAdvice
record MaskedResponses(Masking masking, JsonMapper json) implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (body == null || body instanceof ProblemDetail || !masking.appliesToCurrentUser()) {
            return body;
        }
        JsonNode tree = body instanceof JsonNode node ? node : json.valueToTree(body);
        return masking.mask(tree);
    }
}
