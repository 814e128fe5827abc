package io.opsplane.demo.fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /faults}, {@code POST /faults/{name}} (on), {@code DELETE /faults/{name}} (off). */
@RestController
@RequestMapping("/faults")
record FaultController(List<FaultSwitch> faults) {

    private static final Logger log = LoggerFactory.getLogger(FaultController.class);

    /** Each fault this service has, with its state (null when off). */
    public record FaultView(String name, boolean on, String state, String description) {
    }

    @GetMapping
    List<FaultView> list() {
        return faults.stream().map(FaultController::view).toList();
    }

    @PostMapping("/{name}")
    FaultView on(@PathVariable String name, @RequestParam Map<String, String> parameters) {
        FaultSwitch fault = find(name);
        fault.on(new LinkedHashMap<>(parameters));
        log.warn("Fault {} is ON: {}", name, fault.state());
        return view(fault);
    }

    @DeleteMapping("/{name}")
    FaultView off(@PathVariable String name) {
        FaultSwitch fault = find(name);
        fault.off();
        log.warn("Fault {} is off", name);
        return view(fault);
    }

    private FaultSwitch find(String name) {
        return faults.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "This service has no fault '" + name
                        + "'; it has " + String.join(", ", faults.stream().map(FaultSwitch::name).toList())));
    }

    private static FaultView view(FaultSwitch fault) {
        String state = fault.state();
        return new FaultView(fault.name(), state != null, state, fault.description());
    }
}
