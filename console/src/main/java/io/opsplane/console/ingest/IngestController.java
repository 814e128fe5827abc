package io.opsplane.console.ingest;

import java.util.List;

import io.opsplane.console.security.PayloadMasking;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api")
@Tag(name = "Ingestion", description = "Records that were not applied to any saga")
class IngestController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IngestStore store;
    private final DeadLetters deadLetters;
    private final PayloadMasking masking;

    IngestController(IngestStore store, DeadLetters deadLetters, PayloadMasking masking) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.masking = masking;
    }


    @GetMapping("/dead-letters")
    @Operation(summary = "Dead letters, newest first; 'before' is the next value of the previous page",
            description = "For a VIEWER, a JSON value has the fields named in opsplane.security.masked-fields masked"
                    + " and no base64 copy.")
    DeadLetters.Page deadLetters(@RequestParam(required = false) Long before,
                                 @RequestParam(defaultValue = "50") int limit) {
        DeadLetters.Page page = deadLetters.page(before, limit);
        if (!masking.appliesToCurrentUser()) {
            return page;
        }
        return new DeadLetters.Page(page.items().stream().map(this::masked).toList(), page.next());
    }

    /** A value that is JSON is shown masked; one that is not JSON has no fields to mask and is shown as it came. */
    private DeadLetters.DeadLetter masked(DeadLetters.DeadLetter letter) {
        JsonNode value;
        try {
            value = letter.valueText() == null ? null : JSON.readTree(letter.valueText());
        } catch (JacksonException notJson) {
            return letter;
        }
        if (value == null || !(value.isObject() || value.isArray())) {
            return letter;
        }
        return new DeadLetters.DeadLetter(letter.id(), letter.topic(), letter.partition(), letter.offset(),
                letter.reason(), letter.sagaType(), letter.receivedAt(), letter.headers(), letter.keyText(),
                JSON.writeValueAsString(masking.mask(value)), null);
    }

    @GetMapping("/unmatched-events")
    @Operation(summary = "Events on watched topics that no saga definition recognises, counted by topic and type")
    List<IngestStore.UnmatchedEvent> unmatched() {
        return store.unmatched();
    }
}
