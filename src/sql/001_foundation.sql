-- 001_foundation.sql: offices, people and access, the audit log, search,
-- and the partner registry (part 1 of the Community Relationships standard).
--
-- Conventions, kept by every later migration:
--   * every table holding an office's data has office_id, and every query
--     filters on it;
--   * times are UTC text "YYYY-MM-DDTHH:MM:SSZ", dates "YYYY-MM-DD";
--   * records staff edit carry version (optimistic concurrency: an update
--     names the version it read; a stale one gets 409);
--   * lists (tags, shared goals) are JSON arrays in text columns;
--   * "@PK@" is the dialect's auto-numbered primary key; "-- @sqlite" and
--     "-- @pg" blocks hold what only one dialect has (see store_migrate.c).

-- An election office: the tenant that owns every other row.
CREATE TABLE offices (
  id @PK@,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,               -- short name used in public URLs
  timezone TEXT NOT NULL DEFAULT 'America/New_York',  -- IANA zone shown to staff
  settings TEXT NOT NULL DEFAULT '{}',     -- JSON: on-cycle window, targets, cadences
  state_opt_in INTEGER NOT NULL DEFAULT 0, -- 1: the state view may aggregate this office
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

-- Staff accounts.  Email is unique across offices: it is the login name.
CREATE TABLE users (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  email TEXT NOT NULL UNIQUE,              -- stored lower-case
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','director','coordinator','staff','viewer','state')),
  password_hash TEXT,                      -- argon2id (libsodium crypto_pwhash_str)
  active INTEGER NOT NULL DEFAULT 1,       -- 0: departed or disabled; kept for history
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,                       -- logins refused until this time
  last_login_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_office ON users(office_id, active);

-- Browser sessions.  Only a hash of the cookie's token is stored.
CREATE TABLE sessions (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,                -- sent back in X-CSRF-Token on writes
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,              -- idle expiry counts from here
  expires_at TEXT NOT NULL                 -- absolute expiry
);
CREATE INDEX sessions_user ON sessions(user_id);

-- API tokens for scripts; only the hash is stored, the token is shown once.
CREATE TABLE api_tokens (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,                    -- first characters, to recognise a token in lists
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_office ON api_tokens(office_id);

-- Append-only record of every change: who, when, what, before and after.
CREATE TABLE audit_log (
  id @PK@,
  office_id BIGINT NOT NULL,
  user_id BIGINT,                          -- NULL for the command line and the public
  actor TEXT NOT NULL,                     -- user email, 'cli' or 'public'
  at TEXT NOT NULL,
  action TEXT NOT NULL,                    -- create, update, delete, login, export, ...
  entity TEXT NOT NULL,                    -- partner, contact, ...
  entity_id BIGINT,
  before_json TEXT,                        -- the record before, NULL on create
  after_json TEXT,                         -- the record after, NULL on delete
  request_id TEXT
);
CREATE INDEX audit_office_at ON audit_log(office_id, at);
CREATE INDEX audit_entity ON audit_log(office_id, entity, entity_id);
-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- @end
-- @pg
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
-- @end

-- Who the office means to reach: its own list of demographic groups.
CREATE TABLE demographic_groups (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  name TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT 'other' CHECK (category IN
    ('language','age','disability','geography','military','student','citizenship','race_ethnicity','other')),
  language TEXT,                           -- BCP 47 code for a language community
  population_share DOUBLE PRECISION CHECK (population_share IS NULL OR (population_share >= 0 AND population_share <= 1)),
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (office_id, name)
);

-- Organisations the office works with or wants to.
CREATE TABLE partners (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('intra_governmental','institutional')),
  subtype TEXT NOT NULL CHECK (subtype IN ('emergency_management','public_information_office',
    'elected_official','it','library','school_district','media','community_organization',
    'faith_group','advocacy_group','university','tribal_government','business','other')),
  status TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect','vetting','active','dormant','ended')),
  website TEXT,
  address TEXT,
  shared_goals TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  tags TEXT NOT NULL DEFAULT '[]',         -- JSON array of strings
  notes TEXT,
  cadence_days INTEGER,                    -- expected days between touches; NULL: the subtype's default
  last_interaction_on TEXT,                -- date of the newest interaction (kept by the API)
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX partners_office_name ON partners(office_id, name, id);
CREATE INDEX partners_office_kind_status ON partners(office_id, kind, status, name, id);
CREATE INDEX partners_office_status ON partners(office_id, status, name, id);

-- Every status change, dated and attributed.
CREATE TABLE partner_status_history (
  id @PK@,
  office_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  from_status TEXT,
  to_status TEXT NOT NULL,
  at TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  note TEXT
);
CREATE INDEX partner_status_history_partner ON partner_status_history(partner_id, at);

-- The vetting record: legal review and operational fit, each decided by someone.
CREATE TABLE partner_vetting (
  id @PK@,
  office_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  aspect TEXT NOT NULL CHECK (aspect IN ('legal','operational')),
  outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending','passed','failed')),
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  notes TEXT,
  UNIQUE (partner_id, aspect)
);

CREATE TABLE partner_groups (
  office_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  group_id BIGINT NOT NULL REFERENCES demographic_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (partner_id, group_id)
);
CREATE INDEX partner_groups_group ON partner_groups(office_id, group_id);

CREATE TABLE partner_languages (
  office_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  language TEXT NOT NULL,                  -- BCP 47 code, e.g. 'es', 'vi', 'zh-Hant'
  PRIMARY KEY (partner_id, language)
);
CREATE INDEX partner_languages_lang ON partner_languages(office_id, language);

-- People.  A person's positions at partners live in affiliations, so a move
-- between organisations keeps both, dated.
CREATE TABLE contacts (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  full_name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  preferred_language TEXT,
  notes TEXT,
  last_verified_at TEXT,                   -- when staff last confirmed the details
  verify_status TEXT NOT NULL DEFAULT 'unverified' CHECK (verify_status IN ('unverified','verified','bounced')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contacts_office_name ON contacts(office_id, full_name, id);
CREATE INDEX contacts_office_email ON contacts(office_id, email);

CREATE TABLE affiliations (
  id @PK@,
  office_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  title TEXT,
  started_on TEXT,                         -- date; NULL when unknown
  ended_on TEXT,                           -- date; NULL while current
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX affiliations_partner ON affiliations(office_id, partner_id, ended_on);
CREATE INDEX affiliations_contact ON affiliations(contact_id);

-- The staff who own a relationship.  Current rows have ended_at NULL; at
-- most one current primary and one current backup per partner.
CREATE TABLE liaisons (
  id @PK@,
  office_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('primary','backup')),
  started_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE UNIQUE INDEX liaisons_current ON liaisons(partner_id, role) WHERE ended_at IS NULL;
CREATE INDEX liaisons_user ON liaisons(office_id, user_id, ended_at);

-- Dated touchpoints with what each side gave.
CREATE TABLE interactions (
  id @PK@,
  office_id BIGINT NOT NULL,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  occurred_on TEXT NOT NULL,               -- date
  type TEXT NOT NULL CHECK (type IN ('meeting','call','email','event','tour','presentation',
    'training','media_interview','advisory_meeting','handover','outreach_letter','amplification_ask','other')),
  direction TEXT NOT NULL DEFAULT 'both' CHECK (direction IN ('office_gave','partner_gave','both','neither')),
  summary TEXT NOT NULL,
  office_gave TEXT,                        -- what the office gave: a tour, a presentation, information
  partner_gave TEXT,                       -- what the partner gave: reach, information, space
  follow_up_on TEXT,                       -- date a follow-up is due; NULL for none
  follow_up_owner BIGINT REFERENCES users(id),
  follow_up_done_at TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX interactions_partner ON interactions(office_id, partner_id, occurred_on);
CREATE INDEX interactions_office_date ON interactions(office_id, occurred_on);
CREATE INDEX interactions_follow_up ON interactions(office_id, follow_up_on) WHERE follow_up_done_at IS NULL;

CREATE TABLE interaction_contacts (
  office_id BIGINT NOT NULL,
  interaction_id BIGINT NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
  contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  PRIMARY KEY (interaction_id, contact_id)
);

CREATE TABLE interaction_staff (
  office_id BIGINT NOT NULL,
  interaction_id BIGINT NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (interaction_id, user_id)
);

-- The full-text search documents: one per searchable record.
CREATE TABLE search_docs (
  id @PK@,
  office_id BIGINT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (entity, entity_id)
);
CREATE INDEX search_docs_office ON search_docs(office_id);
-- @sqlite
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_docs', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
-- @end
-- @pg
-- PostgreSQL's own text search: a generated tsvector over title and body,
-- with a GIN index (store_pg.c's search builds the tsquery).
ALTER TABLE search_docs ADD COLUMN tsv tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED;
CREATE INDEX search_docs_tsv ON search_docs USING gin(tsv);

-- Row-level security: the second wall between offices (docs/POSTGRES.md).
-- rapport_office() is the office the transaction acts for, NULL when none
-- (store_pg.c sets rapport.office_id with set_config(..., true) in begin);
-- rapport_scope() is 'state' in the state view's read-only transactions.
CREATE FUNCTION rapport_office() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('rapport.office_id', true), '')::bigint $$;
CREATE FUNCTION rapport_scope() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('rapport.scope', true), '') $$;

-- Applies the policies to every table that has an office_id column and has
-- none yet; store_pg.c runs it at the end of every migration transaction,
-- so tables later migrations add are covered without their authors doing
-- anything.  Idempotent.
--   office_scope (all tables): rows of the transaction's office only; with
--     no office set, nothing.  Exception, the sign-in tables users,
--     sessions and api_tokens: with no office set every row is reachable,
--     because sign-in finds the user by email or token hash before the
--     office is known (their queries look up one unique hash or email).
--   audit_unscoped_insert (audit_log): sign-in and the command line append
--     audit rows before an office is set; reading needs the office.
--   state_read (data tables): SELECT only, in a state-scope transaction,
--     rows of offices with state_opt_in = 1.
CREATE FUNCTION rapport_secure_tables() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
  FOR t IN SELECT c.table_name FROM information_schema.columns c
           JOIN information_schema.tables b ON b.table_schema = c.table_schema AND b.table_name = c.table_name
           WHERE c.table_schema = current_schema() AND c.column_name = 'office_id'
             AND b.table_type = 'BASE TABLE'
           ORDER BY 1
  LOOP
    -- ALTER TABLE locks the table: only when something is missing.
    IF NOT EXISTS (SELECT 1 FROM pg_class k WHERE k.oid = format('%I', t)::regclass
                   AND k.relrowsecurity AND k.relforcerowsecurity) THEN
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    END IF;
    CONTINUE WHEN EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = current_schema()
                          AND p.tablename = t AND p.policyname = 'office_scope');
    IF t IN ('users', 'sessions', 'api_tokens') THEN
      EXECUTE format('CREATE POLICY office_scope ON %I USING (rapport_office() IS NULL OR office_id = rapport_office())', t);
    ELSE
      EXECUTE format('CREATE POLICY office_scope ON %I USING (office_id = rapport_office())', t);
    END IF;
    IF t = 'audit_log' THEN
      EXECUTE format('CREATE POLICY audit_unscoped_insert ON %I FOR INSERT WITH CHECK (rapport_office() IS NULL)', t);
    ELSIF t NOT IN ('users', 'sessions', 'api_tokens') THEN
      EXECUTE format('CREATE POLICY state_read ON %I FOR SELECT USING (rapport_scope() = ''state'''
                     ' AND office_id IN (SELECT o.id FROM offices o WHERE o.state_opt_in = 1))', t);
    END IF;
  END LOOP;
END $$;
-- @end
