package io.opsplane.demo;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class against one {@link TestShop} of its own, started before its first test and stopped after its last. */
abstract class ShopTest {

    /** How long a saga may take to get where a test waits for it. */
    static final Duration WITHIN = Duration.ofSeconds(60);

    static TestShop shop;

    @BeforeAll
    static void startShop() {
        shop = TestShop.start();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }
}
