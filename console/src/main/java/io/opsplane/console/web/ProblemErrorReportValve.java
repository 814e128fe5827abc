package io.opsplane.console.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.core.StandardHost;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Errors Tomcat answers itself, before Spring sees the request (an encoded NUL in the path, a malformed
 * URL): a problem body instead of Tomcat's HTML page, which named the server's version too.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own: nothing below 400, nothing once a body is written, each error once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status < 500 ? "the request is malformed (" + title.toLowerCase(java.util.Locale.ROOT) + ")"
                : "the server could not answer this request";
        String uri = request.getRequestURI();
        if (uri != null && uri.startsWith("/v1/") && known != null) {
            // an OTLP exporter: a google.rpc.Status, as every /v1 error is
            try {
                boolean json = OtlpStatus.json(request);
                response.setContentType(json ? OtlpStatus.JSON : OtlpStatus.PROTOBUF);
                response.getOutputStream().write(OtlpStatus.body(OtlpStatus.code(known), detail, json));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client is gone, or the response cannot take a body: nothing more to tell
            }
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response cannot take a body: nothing more to tell
        }
    }

    /** Installs the valve on Tomcat's host in place of its HTML error report. */
    @Configuration
    static class Installation {

        @Bean
        TomcatContextCustomizer problemErrorReports() {
            return context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            };
        }
    }
}
