package io.opsplane.console.ui.compensation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import io.opsplane.console.testing.BrowserlessViewTest;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.TestUsers;
import io.opsplane.console.ui.saga.SagaDetailView;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithUserDetails;

/**
 * An operator on a saga's page sees a compensation command waiting for a service that is away, says why it will
 * not come back, and withdraws it: the action ends FAILED, the command stays unsent, the page says so.
 */
@WithUserDetails(TestUsers.OPERATOR)
class WithdrawCommandViewTest extends BrowserlessViewTest {


    @Test
    void aWaitingCommandIsShownWithWhyAndCanBeWithdrawnWithAReason() {
        long sagaId = SagaRow.stuck("o-away-1").withOrderId().ago(Duration.ofMinutes(20), Duration.ofMinutes(15))
                .stuckSince(Duration.ofMinutes(5)).insert(db);
        long actionId = db.queryForObject("""
                INSERT INTO operator_action (saga_id, saga_type, correlation_key, kind, attempt, status, origin,
                    requested_by, reason, requested_at, decided_at)
                VALUES (?, 'order-placement', 'o-away-1', 'COMPENSATE', 1, 'IN_PROGRESS', 'MANUAL', 'ops-anna',
                    'payments down', now() - interval '4 minutes', now() - interval '4 minutes') RETURNING id""",
                Long.class, sagaId);
        // the relay has tried and will not try again within the test: its next attempt is a day away
        db.update("""
                INSERT INTO operator_action_item (action_id, seq, saga_id, step, command_type, url, idempotency_key,
                    expected_event, expects, timeout_ms, envelope, state, error)
                VALUES (?, 1, ?, 'reserve-stock', 'ReleaseStock', 'http://inventory.internal/commands', 'withdraw-1',
                    'StockReleased', 'STEP_COMPENSATED', 30000, '{}', 'QUEUED',
                    'not delivered yet, waiting since 2026-12-05T09:00:00Z (14 attempts): HTTP 503')""",
                actionId, sagaId);
        db.update("""
                INSERT INTO command_outbox (action_id, seq, idempotency_key, url, record_key, envelope, created_at,
                    next_attempt_at, attempts, last_error)
                VALUES (?, 1, 'withdraw-1', 'http://inventory.internal/commands', 'o-away-1', '{}',
                    now() - interval '4 minutes', now() + interval '1 day', 14, 'HTTP 503')""", actionId);

        navigate(SagaDetailView.location(sagaId), SagaDetailView.class);
        assertThat($(Span.class).id("action-" + actionId + "-waiting").getText())
                .isEqualTo("ReleaseStock not delivered yet, waiting since 2026-12-05T09:00:00Z (14 attempts): HTTP 503");

        test($(Button.class).id("action-" + actionId + "-withdraw")).click();
        Button confirm = $(Button.class).id("withdraw-confirm");
        assertThat(confirm.isEnabled()).as("not without a reason").isFalse();
        test($(TextArea.class).id("withdraw-reason")).setValue("inventory retired; stock released by hand");
        test(confirm).click();

        assertThat(db.queryForObject("SELECT status FROM operator_action WHERE id = ?", String.class, actionId))
                .isEqualTo("FAILED");
        assertThat(db.queryForObject("SELECT outcome FROM operator_action WHERE id = ?", String.class, actionId))
                .isEqualTo("cancelled by " + TestUsers.OPERATOR
                        + " before delivery: inventory retired; stock released by hand");
        assertThat(db.queryForObject("SELECT failed_at IS NOT NULL AND sent_at IS NULL FROM command_outbox"
                + " WHERE action_id = ?", Boolean.class, actionId)).isTrue();
        navigate(SagaDetailView.location(sagaId), SagaDetailView.class);
        assertThat($(Span.class).withId("action-" + actionId + "-waiting").all()).isEmpty();
    }
}
