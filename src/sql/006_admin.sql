-- 006_admin.sql: indexes that keep reading and writing one partner's
-- languages and demographic groups independent of how many partners the
-- office has.
--
-- Queries filter on (office_id, partner_id).  With only the primary key
-- (partner_id, ...) and the (office_id, language|group_id) indexes, SQLite
-- chose the office index and scanned every row of the office: loading or
-- saving one partner cost O(partners), and an import of 50,000 partners
-- was quadratic (a 5,000-row import took 53 s).  Found while measuring the
-- importer.
CREATE INDEX partner_languages_partner ON partner_languages(office_id, partner_id, language);
CREATE INDEX partner_groups_partner ON partner_groups(office_id, partner_id, group_id);
