-- 010_partner_facts.sql: a maintained summary of each partner's
-- relationship facts, so the continuity-risk list, the coverage view and the
-- strength ranking read one short row per partner instead of every
-- liaison, affiliation and interaction of the office (continuity.c).
--
-- The rows are kept by triggers in the same transaction as every write to
-- liaisons, affiliations, contacts (verification) and interactions, whoever
-- makes it: the API, the importer, a handover, a merge, migrate-store, or
-- an operator with a SQL shell.  Each trigger recomputes the affected
-- partner's part from the base tables (never an increment), so a row always
-- equals a recomputation; tests/unit/test_partner_facts.c checks it.
--
-- Nothing in a row depends on today's date: the lists hold every
-- affiliation and every touch with its dates, and the reports apply their
-- windows (12 months, verification age, current affiliations) when they
-- read (cont_facts_load).  So a row never goes stale as days pass.
CREATE TABLE partner_facts (
-- @sqlite
  partner_id INTEGER PRIMARY KEY REFERENCES partners(id) ON DELETE CASCADE,   -- the rowid: one lookup
-- @end
-- @pg
  partner_id BIGINT PRIMARY KEY REFERENCES partners(id) ON DELETE CASCADE,
-- @end
  office_id BIGINT NOT NULL REFERENCES offices(id),
  primary_user_id BIGINT,                  -- the current primary liaison (liaisons, ended_at IS NULL)
  backup_user_id BIGINT,                   -- the current backup liaison
  -- Dates below are written YYYYMMDD (8 characters, no dashes).
  -- One entry per affiliation: started_on ('00000000' when NULL), ended_on
  -- ('99999999' when NULL), 'b' when the contact bounced else '-', the date
  -- of the contact's last_verified_at ('00000000' when never), the contact
  -- id, ';'.
  contacts TEXT NOT NULL DEFAULT '',
  -- One entry per interaction other than a handover note: occurred_on and
  -- the direction's letter (o office_gave, p partner_gave, b both,
  -- n neither), 9 characters each, no separator.
  touches TEXT NOT NULL DEFAULT ''
);
CREATE INDEX partner_facts_office ON partner_facts(office_id);

-- What the reports need of each partner, read without the partner's row.
CREATE INDEX partners_office_facts ON partners(office_id, status, id, cadence_days, subtype, name);
-- Open follow-ups by due date with their partner, read without the rows.
CREATE INDEX interactions_open_follow_up ON interactions(office_id, follow_up_on, partner_id)
  WHERE follow_up_done_at IS NULL;

-- @sqlite
CREATE TRIGGER partners_facts_ai AFTER INSERT ON partners BEGIN
  INSERT INTO partner_facts(partner_id, office_id) VALUES (NEW.id, NEW.office_id);
END;

CREATE TRIGGER liaisons_facts_ai AFTER INSERT ON liaisons BEGIN
  UPDATE partner_facts SET
    primary_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = partner_facts.partner_id AND l.role = 'primary' AND l.ended_at IS NULL),
    backup_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = partner_facts.partner_id AND l.role = 'backup' AND l.ended_at IS NULL)
  WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER liaisons_facts_ad AFTER DELETE ON liaisons BEGIN
  UPDATE partner_facts SET
    primary_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = partner_facts.partner_id AND l.role = 'primary' AND l.ended_at IS NULL),
    backup_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = partner_facts.partner_id AND l.role = 'backup' AND l.ended_at IS NULL)
  WHERE partner_id = OLD.partner_id;
END;
CREATE TRIGGER liaisons_facts_au AFTER UPDATE OF partner_id, user_id, role, ended_at ON liaisons BEGIN
  UPDATE partner_facts SET
    primary_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = partner_facts.partner_id AND l.role = 'primary' AND l.ended_at IS NULL),
    backup_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = partner_facts.partner_id AND l.role = 'backup' AND l.ended_at IS NULL)
  WHERE partner_id IN (OLD.partner_id, NEW.partner_id);
END;

CREATE TRIGGER affiliations_facts_ai AFTER INSERT ON affiliations BEGIN
  UPDATE partner_facts SET contacts = coalesce((SELECT group_concat(
      substr(replace(coalesce(a.started_on, '00000000'), '-', '') || '00000000', 1, 8) ||
      substr(replace(coalesce(a.ended_on, '99999999'), '-', '') || '00000000', 1, 8) ||
      CASE WHEN c.verify_status = 'bounced' THEN 'b' ELSE '-' END ||
      substr(replace(substr(coalesce(c.last_verified_at, '00000000'), 1, 10), '-', '') || '00000000', 1, 8) || c.id || ';', '')
    FROM affiliations a JOIN contacts c ON c.id = a.contact_id
    WHERE a.office_id = partner_facts.office_id AND a.partner_id = partner_facts.partner_id), '')
  WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER affiliations_facts_ad AFTER DELETE ON affiliations BEGIN
  UPDATE partner_facts SET contacts = coalesce((SELECT group_concat(
      substr(replace(coalesce(a.started_on, '00000000'), '-', '') || '00000000', 1, 8) ||
      substr(replace(coalesce(a.ended_on, '99999999'), '-', '') || '00000000', 1, 8) ||
      CASE WHEN c.verify_status = 'bounced' THEN 'b' ELSE '-' END ||
      substr(replace(substr(coalesce(c.last_verified_at, '00000000'), 1, 10), '-', '') || '00000000', 1, 8) || c.id || ';', '')
    FROM affiliations a JOIN contacts c ON c.id = a.contact_id
    WHERE a.office_id = partner_facts.office_id AND a.partner_id = partner_facts.partner_id), '')
  WHERE partner_id = OLD.partner_id;
END;
CREATE TRIGGER affiliations_facts_au AFTER UPDATE OF partner_id, contact_id, started_on, ended_on ON affiliations BEGIN
  UPDATE partner_facts SET contacts = coalesce((SELECT group_concat(
      substr(replace(coalesce(a.started_on, '00000000'), '-', '') || '00000000', 1, 8) ||
      substr(replace(coalesce(a.ended_on, '99999999'), '-', '') || '00000000', 1, 8) ||
      CASE WHEN c.verify_status = 'bounced' THEN 'b' ELSE '-' END ||
      substr(replace(substr(coalesce(c.last_verified_at, '00000000'), 1, 10), '-', '') || '00000000', 1, 8) || c.id || ';', '')
    FROM affiliations a JOIN contacts c ON c.id = a.contact_id
    WHERE a.office_id = partner_facts.office_id AND a.partner_id = partner_facts.partner_id), '')
  WHERE partner_id IN (OLD.partner_id, NEW.partner_id);
END;
CREATE TRIGGER contacts_facts_au AFTER UPDATE OF verify_status, last_verified_at ON contacts BEGIN
  UPDATE partner_facts SET contacts = coalesce((SELECT group_concat(
      substr(replace(coalesce(a.started_on, '00000000'), '-', '') || '00000000', 1, 8) ||
      substr(replace(coalesce(a.ended_on, '99999999'), '-', '') || '00000000', 1, 8) ||
      CASE WHEN c.verify_status = 'bounced' THEN 'b' ELSE '-' END ||
      substr(replace(substr(coalesce(c.last_verified_at, '00000000'), 1, 10), '-', '') || '00000000', 1, 8) || c.id || ';', '')
    FROM affiliations a JOIN contacts c ON c.id = a.contact_id
    WHERE a.office_id = partner_facts.office_id AND a.partner_id = partner_facts.partner_id), '')
  WHERE partner_id IN (SELECT x.partner_id FROM affiliations x WHERE x.contact_id = NEW.id);
END;

CREATE TRIGGER interactions_facts_ai AFTER INSERT ON interactions BEGIN
  UPDATE partner_facts SET touches = coalesce((SELECT group_concat(substr(replace(i.occurred_on, '-', '') || '00000000', 1, 8) ||
      CASE i.direction WHEN 'office_gave' THEN 'o' WHEN 'partner_gave' THEN 'p' WHEN 'both' THEN 'b' ELSE 'n' END, '')
    FROM interactions i WHERE i.office_id = partner_facts.office_id AND i.partner_id = partner_facts.partner_id
    AND i.type <> 'handover'), '')
  WHERE partner_id = NEW.partner_id;
END;
CREATE TRIGGER interactions_facts_ad AFTER DELETE ON interactions BEGIN
  UPDATE partner_facts SET touches = coalesce((SELECT group_concat(substr(replace(i.occurred_on, '-', '') || '00000000', 1, 8) ||
      CASE i.direction WHEN 'office_gave' THEN 'o' WHEN 'partner_gave' THEN 'p' WHEN 'both' THEN 'b' ELSE 'n' END, '')
    FROM interactions i WHERE i.office_id = partner_facts.office_id AND i.partner_id = partner_facts.partner_id
    AND i.type <> 'handover'), '')
  WHERE partner_id = OLD.partner_id;
END;
CREATE TRIGGER interactions_facts_au AFTER UPDATE OF partner_id, occurred_on, type, direction ON interactions BEGIN
  UPDATE partner_facts SET touches = coalesce((SELECT group_concat(substr(replace(i.occurred_on, '-', '') || '00000000', 1, 8) ||
      CASE i.direction WHEN 'office_gave' THEN 'o' WHEN 'partner_gave' THEN 'p' WHEN 'both' THEN 'b' ELSE 'n' END, '')
    FROM interactions i WHERE i.office_id = partner_facts.office_id AND i.partner_id = partner_facts.partner_id
    AND i.type <> 'handover'), '')
  WHERE partner_id IN (OLD.partner_id, NEW.partner_id);
END;

-- The rows of the partners that exist now.
INSERT INTO partner_facts(partner_id, office_id) SELECT id, office_id FROM partners;
UPDATE partner_facts SET
  primary_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = partner_facts.partner_id AND l.role = 'primary' AND l.ended_at IS NULL),
  backup_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = partner_facts.partner_id AND l.role = 'backup' AND l.ended_at IS NULL),
  contacts = coalesce((SELECT group_concat(
      substr(replace(coalesce(a.started_on, '00000000'), '-', '') || '00000000', 1, 8) ||
      substr(replace(coalesce(a.ended_on, '99999999'), '-', '') || '00000000', 1, 8) ||
      CASE WHEN c.verify_status = 'bounced' THEN 'b' ELSE '-' END ||
      substr(replace(substr(coalesce(c.last_verified_at, '00000000'), 1, 10), '-', '') || '00000000', 1, 8) || c.id || ';', '')
    FROM affiliations a JOIN contacts c ON c.id = a.contact_id
    WHERE a.office_id = partner_facts.office_id AND a.partner_id = partner_facts.partner_id), ''),
  touches = coalesce((SELECT group_concat(substr(replace(i.occurred_on, '-', '') || '00000000', 1, 8) ||
      CASE i.direction WHEN 'office_gave' THEN 'o' WHEN 'partner_gave' THEN 'p' WHEN 'both' THEN 'b' ELSE 'n' END, '')
    FROM interactions i WHERE i.office_id = partner_facts.office_id AND i.partner_id = partner_facts.partner_id
    AND i.type <> 'handover'), '');
-- @end

-- @pg
CREATE FUNCTION partner_facts_liaisons(p bigint) RETURNS void LANGUAGE sql AS $$
  UPDATE partner_facts f SET
    primary_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = f.partner_id AND l.role = 'primary' AND l.ended_at IS NULL),
    backup_user_id = (SELECT l.user_id FROM liaisons l WHERE l.partner_id = f.partner_id AND l.role = 'backup' AND l.ended_at IS NULL)
  WHERE f.partner_id = p $$;
CREATE FUNCTION partner_facts_contacts(p bigint) RETURNS void LANGUAGE sql AS $$
  UPDATE partner_facts f SET contacts = coalesce((SELECT string_agg(
      substr(replace(coalesce(a.started_on, '00000000'), '-', '') || '00000000', 1, 8) ||
      substr(replace(coalesce(a.ended_on, '99999999'), '-', '') || '00000000', 1, 8) ||
      CASE WHEN c.verify_status = 'bounced' THEN 'b' ELSE '-' END ||
      substr(replace(substr(coalesce(c.last_verified_at, '00000000'), 1, 10), '-', '') || '00000000', 1, 8) || c.id::text || ';', '')
    FROM affiliations a JOIN contacts c ON c.id = a.contact_id
    WHERE a.office_id = f.office_id AND a.partner_id = f.partner_id), '')
  WHERE f.partner_id = p $$;
CREATE FUNCTION partner_facts_touches(p bigint) RETURNS void LANGUAGE sql AS $$
  UPDATE partner_facts f SET touches = coalesce((SELECT string_agg(substr(replace(i.occurred_on, '-', '') || '00000000', 1, 8) ||
      CASE i.direction WHEN 'office_gave' THEN 'o' WHEN 'partner_gave' THEN 'p' WHEN 'both' THEN 'b' ELSE 'n' END, '')
    FROM interactions i WHERE i.office_id = f.office_id AND i.partner_id = f.partner_id
    AND i.type <> 'handover'), '')
  WHERE f.partner_id = p $$;

CREATE FUNCTION partners_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO partner_facts(partner_id, office_id) VALUES (NEW.id, NEW.office_id);
  RETURN NULL;
END $$;
CREATE TRIGGER partners_facts AFTER INSERT ON partners FOR EACH ROW EXECUTE FUNCTION partners_facts_trigger();

CREATE FUNCTION liaisons_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM partner_facts_liaisons(OLD.partner_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM partner_facts_liaisons(NEW.partner_id); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER liaisons_facts AFTER INSERT OR DELETE OR UPDATE OF partner_id, user_id, role, ended_at ON liaisons
  FOR EACH ROW EXECUTE FUNCTION liaisons_facts_trigger();

CREATE FUNCTION affiliations_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM partner_facts_contacts(OLD.partner_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM partner_facts_contacts(NEW.partner_id); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER affiliations_facts AFTER INSERT OR DELETE OR UPDATE OF partner_id, contact_id, started_on, ended_on
  ON affiliations FOR EACH ROW EXECUTE FUNCTION affiliations_facts_trigger();

CREATE FUNCTION contacts_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM partner_facts_contacts(x.partner_id) FROM (SELECT DISTINCT partner_id FROM affiliations WHERE contact_id = NEW.id) x;
  RETURN NULL;
END $$;
CREATE TRIGGER contacts_facts AFTER UPDATE OF verify_status, last_verified_at ON contacts
  FOR EACH ROW EXECUTE FUNCTION contacts_facts_trigger();

CREATE FUNCTION interactions_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM partner_facts_touches(OLD.partner_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM partner_facts_touches(NEW.partner_id); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER interactions_facts AFTER INSERT OR DELETE OR UPDATE OF partner_id, occurred_on, type, direction
  ON interactions FOR EACH ROW EXECUTE FUNCTION interactions_facts_trigger();

-- The rows of the partners that exist now, office by office (row-level
-- security shows a migration no office's rows until it names the office).
DO $$
DECLARE o bigint;
BEGIN
  FOR o IN SELECT id FROM offices ORDER BY id LOOP
    PERFORM set_config('rapport.office_id', o::text, true);
    INSERT INTO partner_facts(partner_id, office_id) SELECT id, office_id FROM partners WHERE office_id = o;
    PERFORM partner_facts_liaisons(p.id), partner_facts_contacts(p.id), partner_facts_touches(p.id)
      FROM partners p WHERE p.office_id = o;
  END LOOP;
  PERFORM set_config('rapport.office_id', '', true);
END $$;
-- @end
