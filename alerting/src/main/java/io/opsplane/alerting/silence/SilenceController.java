package io.opsplane.alerting.silence;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import io.opsplane.alerting.web.AlertingProblems;
import io.opsplane.alerting.web.Author;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/silences")
@Tag(name = "Silences", description = "Mute alerts by label matchers for a while (OPERATOR changes them)")
record SilenceController(SilenceStore silences) {

    @GetMapping
    @Operation(summary = "List silences, newest end first; state = PENDING, ACTIVE or EXPIRED")
    List<Silence> list(@RequestParam(required = false) Silence.State state) {
        return silences.list(state);
    }

    @GetMapping("/{id}")
    Silence get(@PathVariable UUID id) {
        return silences.find(id).orElseThrow(() -> new AlertingProblems.NotFound("no silence with id " + id));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a silence: matchers (name, value, isRegex, isEqual), startsAt (default now), "
            + "endsAt, comment; createdBy is the signed-in user (a createdBy in the body is ignored)")
    Silence create(@RequestBody SilenceStore.SilenceInput input, Principal user) {
        return silences.create(input, Author.of(user));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a pending or active silence; createdBy becomes the signed-in user")
    Silence update(@PathVariable UUID id, @RequestBody SilenceStore.SilenceInput input, Principal user) {
        return silences.update(id, input, Author.of(user));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Expire a silence now (it stays listed as expired)")
    Silence expire(@PathVariable UUID id) {
        return silences.expire(id);
    }
}
