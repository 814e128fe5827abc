package io.opsplane.console.telemetry.jaegerthrift;

import java.util.Set;

import io.opsplane.console.telemetry.otlp.ConvertedSpanIntake;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * jaeger-collector's legacy endpoint, {@code POST /api/traces}: one jaeger.thrift Batch in Thrift's binary protocol
 * ({@code application/vnd.apache.thrift.binary} or {@code application/x-thrift}), as a legacy Jaeger client's
 * HttpSender posts it; answered 202 with no body. Converted as the Collector's jaeger receiver converts it
 * ({@link JaegerThriftToOtlp}) and stored as OTLP's spans are.
 */
@RestController
record JaegerThriftReceiver(ConvertedSpanIntake intake) {

    private static final Set<String> THRIFT = Set.of("application/vnd.apache.thrift.binary", "application/x-thrift");

    @PostMapping("/api/traces")
    ResponseEntity<String> batch(HttpServletRequest request) {
        if (!isThrift(request.getContentType())) {
            return ConvertedSpanIntake.answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type '"
                    + request.getContentType() + "'; Jaeger batches are " + String.join(" or ", THRIFT.stream().sorted()
                    .toList()), null);
        }
        return intake.receive(request, "a Jaeger Thrift batch",
                body -> JaegerThriftToOtlp.convert(JaegerThrift.batch(body.bytes().toByteArray())));
    }

    private static boolean isThrift(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return THRIFT.contains(type.getType() + "/" + type.getSubtype());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
