package io.opsplane.console.definition;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadDefinitionStartupTest {

    @Test
    void aBadDefinitionStopsStartUpNamingFileLineAndProblem(@TempDir Path dir) throws Exception {
        String broken = new OrderSaga("shop").definition(Duration.ofSeconds(30))
                .replace("    completedBy: PaymentCompleted", "    completedBy: PaymentDone");
        Path file = Files.writeString(dir.resolve("order-placement.yml"), broken);

        assertThatThrownBy(() -> OpsplaneInstance.on(TestPostgres.newDatabase(), "file:" + dir + "/*.yml").start())
                .rootCause()
                .isInstanceOf(DefinitionException.class)
                .hasMessageStartingWith(file + ":32: step 'charge-payment''s completion names event 'PaymentDone'");
    }
}
