package io.opsplane.alerting.notify;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/receivers")
@Tag(name = "Receivers", description = "Where notifications go (configured in opsplane.alerting.receivers)")
class ReceiverController {

    private final Receivers receivers;

    ReceiverController(Receivers receivers) {
        this.receivers = receivers;
    }

    @GetMapping
    @Operation(summary = "The receivers: name, type, host, whether payloads are signed; credentials never shown")
    List<Map<String, Object>> list() {
        return receivers.all().stream().map(receivers::describe).toList();
    }
}
