-- 012_sessions_office.sql: an index on sessions(office_id).
--
-- rapport migrate-store reads an office's sessions with "WHERE office_id = ?"
-- (copying a county in) and deletes them so (--replace); without an index
-- both read every session of every office in a shared database, and the
-- row-level security policy of PostgreSQL filters the table on office_id
-- too.  api_tokens and users have had theirs since 001.
CREATE INDEX sessions_office ON sessions(office_id);
