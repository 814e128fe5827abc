CREATE TABLE product (
    sku        text PRIMARY KEY,
    available  integer NOT NULL CHECK (available >= 0),
    returnable boolean NOT NULL DEFAULT true
);

-- One reservation per order: RESERVED, RELEASED (stock back), RESTOCKED (returned after a refund).
CREATE TABLE reservation (
    order_id   text PRIMARY KEY,
    sku        text NOT NULL,
    quantity   integer NOT NULL,
    status     text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO product (sku, available, returnable) VALUES
    ('sku-1', 1000000, true),
    ('sku-2', 1000000, true),
    ('sku-3', 1000000, true),
    ('sku-4', 1000000, true),
    -- runs out after a few orders: reservations then fail and orders are cancelled
    ('sku-limited', 25, true),
    -- cannot be restocked: a refund of it is reversed and rejected
    ('sku-final-sale', 1000000, false);
