package io.opsplane.demo.payment;

import java.util.Map;

import io.opsplane.demo.fault.FaultSwitch;
import org.springframework.stereotype.Component;

/**
 * {@code POST /faults/payment-timeout}: the payment service takes charges but holds them without
 * answering, as if its card processor had stopped responding; sagas wait at charge-payment.
 * {@code DELETE} answers the held charges (late) and stops holding.
 */
@Component
class PaymentTimeoutFault implements FaultSwitch {

    private final Payments payments;

    PaymentTimeoutFault(Payments payments) {
        this.payments = payments;
    }

    @Override
    public String name() {
        return "payment-timeout";
    }

    @Override
    public String description() {
        return "hold charges without answering (DELETE answers the held ones)";
    }

    @Override
    public void on(Map<String, String> parameters) {
        payments.holdCharges(true);
    }

    @Override
    public void off() {
        payments.holdCharges(false);
    }

    @Override
    public String state() {
        return payments.holdingCharges() ? "holding charges" : null;
    }
}
