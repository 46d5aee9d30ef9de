-- 003_misconceptions.sql: false or misleading claims about elections seen in
-- the community, who reported them, the office's accurate response (drafted,
-- approved, published, corrected) and the partners asked to carry it (part 4
-- of the Community Relationships standard).
--
-- A claim moves reported -> triaged -> drafting -> in_review -> approved ->
-- published -> monitoring -> closed, or is dismissed with a reason; each step
-- is a row in claim_events.  A response is a series of numbered versions,
-- every one kept; a version is approved by a director who did not draft it,
-- and only an approved version is published.  Times are UTC text.

-- One false or misleading claim.
CREATE TABLE claims (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  statement TEXT NOT NULL,                 -- the claim as people repeat it (the "rumor")
  topic TEXT NOT NULL DEFAULT 'other' CHECK (topic IN ('registration','eligibility','mail_voting',
    'early_voting','election_day','polling_places','voter_id','voting_equipment','counting',
    'results','security','candidates','other')),
  severity TEXT NOT NULL DEFAULT 'medium' CHECK (severity IN ('low','medium','high')),
  status TEXT NOT NULL DEFAULT 'reported' CHECK (status IN ('reported','triaged','drafting',
    'in_review','approved','published','monitoring','closed','dismissed')),
  dismissed_reason TEXT,                   -- required while status is dismissed
  slug TEXT,                               -- the public page's name: /facts/{slug}; unique in the office
  notes TEXT,                              -- staff notes, never public
  first_seen_at TEXT NOT NULL,             -- earliest sighting (kept by the API)
  published_at TEXT,                       -- first publication of a response; NULL until then
  last_corrected_at TEXT,                  -- newest correction; NULL when never corrected
  merged_into_id BIGINT REFERENCES claims(id),  -- set when merged into another claim; hidden then
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (status <> 'dismissed' OR dismissed_reason IS NOT NULL)
);
CREATE UNIQUE INDEX claims_office_slug ON claims(office_id, slug);
CREATE INDEX claims_office_status ON claims(office_id, status, first_seen_at);
CREATE INDEX claims_office_seen ON claims(office_id, first_seen_at);

CREATE TABLE claim_languages (
  office_id BIGINT NOT NULL,
  claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  language TEXT NOT NULL,                  -- BCP 47 code of a language the claim circulates in
  PRIMARY KEY (claim_id, language)
);

CREATE TABLE claim_groups (
  office_id BIGINT NOT NULL,
  claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  group_id BIGINT NOT NULL REFERENCES demographic_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (claim_id, group_id)
);
CREATE INDEX claim_groups_group ON claim_groups(office_id, group_id);

CREATE TABLE claim_places (
  office_id BIGINT NOT NULL,
  claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  place TEXT NOT NULL,                     -- a town, precinct, neighbourhood or polling place
  PRIMARY KEY (claim_id, place)
);

-- The claim's timeline: every status step and every other milestone, dated
-- and attributed.  Moved with the sightings when claims are merged.
CREATE TABLE claim_events (
  id @PK@,
  office_id BIGINT NOT NULL,
  claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('status','merge','response_version','approval',
    'publication','correction')),
  from_status TEXT,
  to_status TEXT,                          -- the status after the step (for every action)
  at TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  note TEXT                                -- the reason, the change, the merged claim
);
CREATE INDEX claim_events_claim ON claim_events(office_id, claim_id, at);

-- Each time someone reports the claim.
CREATE TABLE sightings (
  id @PK@,
  office_id BIGINT NOT NULL,
  claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  source TEXT NOT NULL CHECK (source IN ('partner','contact','feedback','staff','media','other')),
  partner_id BIGINT REFERENCES partners(id) ON DELETE SET NULL,
  contact_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
  feedback_id BIGINT,                      -- feedback(id) of migration 002; no FK so the order of
                                           -- merging the two areas does not matter
  reported_by BIGINT REFERENCES users(id), -- the staff member who saw or logged it
  media_item TEXT,                         -- headline or description of a news or social post
  seen_at TEXT NOT NULL,                   -- when it was seen (not when it was logged)
  platform TEXT,                           -- where online: Facebook, WhatsApp, radio ...
  place TEXT,                              -- where offline: a town, a church, a market
  link TEXT,                               -- http(s) address of the post, if any
  notes TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX sightings_claim ON sightings(office_id, claim_id, seen_at);
CREATE INDEX sightings_feedback ON sightings(office_id, feedback_id);

-- The office's response, one numbered version per edit; every version kept.
CREATE TABLE response_versions (
  id @PK@,
  office_id BIGINT NOT NULL,
  claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,                 -- 1, 2, 3 ... within the claim
  sources TEXT NOT NULL DEFAULT '[]',      -- JSON: [{kind: statute|procedure|official_page|other, title, url}]
  change_note TEXT,                        -- what this version changes from the one before
  drafted_by BIGINT REFERENCES users(id),
  drafted_at TEXT NOT NULL,
  approved_by BIGINT REFERENCES users(id), -- a director (or admin) who is not drafted_by
  approved_at TEXT,
  UNIQUE (claim_id, number)
);

-- A version's text in each of the office's languages.
CREATE TABLE response_texts (
  office_id BIGINT NOT NULL,
  version_id BIGINT NOT NULL REFERENCES response_versions(id) ON DELETE CASCADE,
  language TEXT NOT NULL,                  -- BCP 47
  claim_text TEXT,                         -- the claim as shown to the public in this language
  accurate_statement TEXT NOT NULL,        -- the reality, precisely
  short_answer TEXT NOT NULL,              -- the plain-language answer
  PRIMARY KEY (version_id, language)
);

-- Each time a response went public: the first publication and every correction.
CREATE TABLE publications (
  id @PK@,
  office_id BIGINT NOT NULL,
  claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  version_id BIGINT NOT NULL REFERENCES response_versions(id),
  kind TEXT NOT NULL CHECK (kind IN ('initial','correction')),
  change_note TEXT,                        -- for corrections: what changed (shown publicly)
  published_at TEXT NOT NULL,
  published_by BIGINT REFERENCES users(id)
);
CREATE INDEX publications_office_at ON publications(office_id, published_at);
CREATE INDEX publications_claim ON publications(office_id, claim_id, published_at);

-- Partners asked to share a published response, and whether they did.
CREATE TABLE amplification_asks (
  id @PK@,
  office_id BIGINT NOT NULL,
  claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  contact_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
  interaction_id BIGINT REFERENCES interactions(id) ON DELETE SET NULL,  -- the logged touchpoint
  asked_at TEXT NOT NULL,
  asked_by BIGINT REFERENCES users(id),
  note TEXT,
  shared TEXT NOT NULL DEFAULT 'unknown' CHECK (shared IN ('yes','no','unknown')),
  shared_where TEXT,                       -- newsletter, Facebook page, pulpit announcement ...
  shared_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX amplification_asks_claim ON amplification_asks(office_id, claim_id);
CREATE INDEX amplification_asks_office_at ON amplification_asks(office_id, asked_at);
