package io.opsplane.console.testing;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Opsplane instance for all the tests of a class, registered in a static field with {@code RegisterExtension}:
 * started before the first test, closed after the last. The builder is asked for when the class's tests begin, so
 * what it makes (a database, topics) is made then, not when the class is loaded.
 */
public final class RunningOpsplane implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<OpsplaneInstance.Builder> builder;
    private OpsplaneInstance instance;

    public RunningOpsplane(Supplier<OpsplaneInstance.Builder> builder) {
        this.builder = builder;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        instance = builder.get().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }

    public OpsplaneInstance instance() {
        if (instance == null) {
            throw new IllegalStateException("Opsplane runs only while the class's tests do");
        }
        return instance;
    }

    /** The HTTP API, signed in as the test admin ({@link ApiClient}). */
    public ApiClient api() {
        return instance().api();
    }
}
