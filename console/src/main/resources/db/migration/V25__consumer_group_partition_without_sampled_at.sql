-- A partition's row is written only when its offsets change, so a time per row no longer says when it was sampled;
-- the group's sampled_at does.
ALTER TABLE consumer_group_partition DROP COLUMN sampled_at;
