package io.opsplane.alerting.notify;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import io.opsplane.alerting.web.Author;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/receivers")
@Tag(name = "Receivers", description = "Where notifications go (configured in opsplane.alerting.receivers)")
record ReceiverController(Receivers receivers, ReceiverLanguages languages) {

    /** The body of a language change: {"language": "ko"}. */
    record LanguageChange(String language) {
    }

    @GetMapping
    @Operation(summary = "The receivers: name, type, host, whether payloads are signed, the language of their "
            + "notifications; credentials never shown")
    List<Map<String, Object>> list() {
        return receivers.all().stream().map(this::describe).toList();
    }

    @PutMapping("/{name}/language")
    @Operation(summary = "Set the language the receiver's notifications are written in: en or ko. Only what people "
            + "read is translated; labels and the webhook body's fields stay as they are")
    Map<String, Object> language(@PathVariable String name, @RequestBody LanguageChange change, Principal user) {
        languages.set(name, change == null ? null : change.language(), Author.of(user));
        return describe(receivers.named(name));
    }

    private Map<String, Object> describe(io.opsplane.alerting.config.AlertingProperties.Receiver receiver) {
        Map<String, Object> described = receivers.describe(receiver);
        described.put("language", languages.of(receiver));
        return described;
    }
}
