package io.opsplane.demo.inventory;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /stock} (the products) and {@code GET /stock/{product}} (available and reserved). */
@RestController
record StockController(Inventory inventory) {

    @GetMapping("/stock")
    List<Inventory.Stock> all() {
        return inventory.products().stream().map(p -> inventory.stock(p).orElseThrow()).toList();
    }

    @GetMapping("/stock/{product}")
    Inventory.Stock one(@PathVariable String product) {
        return inventory.stock(product).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No product " + product));
    }
}
