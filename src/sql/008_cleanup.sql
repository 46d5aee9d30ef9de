-- 008_cleanup.sql: an index for the partner list's "recently updated"
-- order (GET /api/v1/partners?sort=-updated_at), so a page after a cursor
-- seeks to it instead of sorting every partner of the office.
CREATE INDEX partners_office_updated ON partners(office_id, updated_at, id);
