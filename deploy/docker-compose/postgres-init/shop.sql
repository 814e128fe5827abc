-- The demo shop's database (its services keep their schemas in it), beside Opsplane's own.
CREATE DATABASE shop;
