package io.opsplane.console.web;

import java.io.IOException;
import java.net.SocketTimeoutException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Errors the container raises for a {@code /v1/*} request after the receiver has it, answered as OTLP requires.
 * Tomcat 11 turns a failed body read (a read timeout, a reset, a malformed chunk) into {@code sendError(400)}
 * and discards what the receiver writes; its error page dispatch to {@code /error} then went to the console's
 * filter chain and answered 302 to the login page. This filter takes that dispatch first and writes a
 * {@code google.rpc.Status}: 408 for a body that stopped arriving, else the status Tomcat chose.
 */
final class OtlpErrorDispatch extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return !(uri instanceof String path) || !(path.substring(Math.min(path.length(), request.getContextPath().length()))
                .startsWith("/v1/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        HttpStatus status;
        String message;
        if (causedBy(error, SocketTimeoutException.class)) {
            status = HttpStatus.REQUEST_TIMEOUT;
            message = "the request body stopped arriving (opsplane.otlp.read-timeout)";
        } else {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus resolved = code instanceof Integer value ? HttpStatus.resolve(value) : null;
            status = resolved == null || !resolved.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
            message = status.is4xxClientError() ? "the request could not be read (" + status.getReasonPhrase() + ")"
                    : "the receiver could not answer this request";
        }
        if (!response.isCommitted()) {
            response.resetBuffer();
            OtlpStatus.write(request, response, status, message);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    @Configuration
    static class Registration {

        @Bean
        FilterRegistrationBean<OtlpErrorDispatch> otlpErrorDispatch() {
            FilterRegistrationBean<OtlpErrorDispatch> registration = new FilterRegistrationBean<>(new OtlpErrorDispatch());
            registration.setDispatcherTypes(DispatcherType.ERROR);
            // before the security filters, which would send the error dispatch to the console's login page
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            registration.addUrlPatterns("/*");
            return registration;
        }
    }
}
