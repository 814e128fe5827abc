-- A saga's history lists the alerts about its type while it ran (labels @> {"saga_type": ...}); without an
-- index that read scans every alert ever kept, once per saga page.
CREATE INDEX alert_labels ON alert USING gin (labels jsonb_path_ops);
