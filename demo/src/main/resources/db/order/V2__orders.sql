CREATE TABLE customer_order (
    order_id   text PRIMARY KEY,
    member_id  text NOT NULL,
    product    text NOT NULL,
    quantity   integer NOT NULL,
    amount     numeric(12, 2) NOT NULL,
    status     text NOT NULL,
    reason     text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The refund coordinator's state: one refund per order.
CREATE TABLE refund (
    refund_id  text PRIMARY KEY,
    order_id   text NOT NULL UNIQUE REFERENCES customer_order,
    status     text NOT NULL,
    reason     text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
