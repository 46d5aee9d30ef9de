-- 002_feedback.sql: feedback from voters and partners, the occasions the
-- office asked for it (solicitations), and the election calendar that
-- decides whether a date is on-cycle (part 3 of the standard).

-- The office's own list of feedback topics.  Seeded topics carry a key
-- (their catalog name on public pages: "topic.<key>"); staff add their own
-- (key NULL), rename them, or retire them (active = 0: kept for history,
-- no longer offered).
CREATE TABLE feedback_topics (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  key TEXT,                                -- registration, mail_ballots, ... for seeded topics
  name TEXT NOT NULL,                      -- what staff see, in the office's words
  active INTEGER NOT NULL DEFAULT 1,       -- 0: retired
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (office_id, name)
);

-- The election calendar.  A date is on-cycle when it falls within the
-- office's window (settings on_cycle_days_before/after, defaults 60/30)
-- around any election's date, inclusive; otherwise off-cycle.
CREATE TABLE elections (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  name TEXT NOT NULL,
  election_date TEXT NOT NULL,             -- YYYY-MM-DD
  type TEXT NOT NULL CHECK (type IN ('general','primary','special','municipal','runoff','recall','other')),
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX elections_office_date ON elections(office_id, election_date);

-- Occasions on which the office asked for feedback.
CREATE TABLE solicitations (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  kind TEXT NOT NULL CHECK (kind IN ('survey','post_election_debrief','town_hall','advisory_meeting',
    'event','social_media_call','other')),
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,                   -- YYYY-MM-DD (the office's local date)
  audience TEXT,                           -- who was asked
  notes TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX solicitations_office_date ON solicitations(office_id, held_on);

-- Partners involved in a solicitation.
CREATE TABLE solicitation_partners (
  office_id BIGINT NOT NULL,
  solicitation_id BIGINT NOT NULL REFERENCES solicitations(id) ON DELETE CASCADE,
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  PRIMARY KEY (solicitation_id, partner_id)
);

-- Something a voter or partner told the office.  Personal details of the
-- submitter are never here: they live in feedback_contact_details.
-- Workflow: new -> triaged -> in_progress -> action_taken -> closed, or
-- closed_no_action (with close_reason) from any open status; steps may be
-- skipped forward; a closed item may be reopened to in_progress.  Every
-- step is a row in feedback_events.
CREATE TABLE feedback (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  reference TEXT NOT NULL,                 -- FB-YYYY-NNNNNN, told to the submitter
  ref_year INTEGER NOT NULL,               -- YYYY of the reference (local year received)
  ref_seq INTEGER NOT NULL,                -- NNNNNN: per office and year, from 1
  received_at TEXT NOT NULL,               -- UTC
  channel TEXT NOT NULL CHECK (channel IN ('phone','email','walk_in','event','web_form','social_media',
    'mail','partner','other')),
  source TEXT NOT NULL CHECK (source IN ('voter','partner','staff')),
  partner_id BIGINT REFERENCES partners(id) ON DELETE SET NULL,
  contact_id BIGINT REFERENCES contacts(id) ON DELETE SET NULL,
  language TEXT NOT NULL DEFAULT 'en',     -- BCP 47 tag of the language it came in
  topic_id BIGINT REFERENCES feedback_topics(id),
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','triaged','in_progress','action_taken',
    'closed','closed_no_action')),
  assignee_id BIGINT REFERENCES users(id),
  due_on TEXT,                             -- YYYY-MM-DD
  action_taken TEXT,                       -- what the office did, described
  close_reason TEXT,                       -- why closed without action
  notes TEXT,                              -- internal staff notes
  solicitation_id BIGINT REFERENCES solicitations(id) ON DELETE SET NULL,
  misconception_id BIGINT,                 -- the misconception it reports (the misconceptions area)
  first_action_at TEXT,                    -- UTC of the first workflow step after new
  action_taken_at TEXT,                    -- UTC it first reached action_taken
  closed_at TEXT,                          -- UTC it was (last) closed; NULL while open
  public_nonce TEXT UNIQUE,                -- the public form's token nonce: a resubmission finds this row
  created_by BIGINT REFERENCES users(id),  -- NULL: the public form or the command line
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (office_id, reference),
  UNIQUE (office_id, ref_year, ref_seq)
);
CREATE INDEX feedback_office_received ON feedback(office_id, received_at, id);
CREATE INDEX feedback_office_status ON feedback(office_id, status, received_at);
CREATE INDEX feedback_office_assignee ON feedback(office_id, assignee_id, status);
CREATE INDEX feedback_solicitation ON feedback(solicitation_id);
-- The summary report reads every column it needs from this index.
CREATE INDEX feedback_office_report ON feedback(office_id, received_at, channel, topic_id, language, status,
  first_action_at, action_taken_at, closed_at);

-- CONFIDENTIAL: the submitter's personal details, kept apart from the
-- feedback so that nothing releasable ever joins them by accident.  Never
-- exported, never shown on public pages; read only through
-- GET /api/v1/feedback/{id}/contact (staff and up).
CREATE TABLE feedback_contact_details (
  feedback_id BIGINT PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
  office_id BIGINT NOT NULL,
  name TEXT,
  email TEXT,
  phone TEXT,
  address TEXT,
  consent INTEGER NOT NULL DEFAULT 0,      -- 1: the person agreed to be contacted about it
  created_at TEXT NOT NULL
);

-- The dated, attributed workflow of each feedback record.
CREATE TABLE feedback_events (
  id @PK@,
  office_id BIGINT NOT NULL,
  feedback_id BIGINT NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
  at TEXT NOT NULL,                        -- UTC
  user_id BIGINT REFERENCES users(id),     -- NULL: the public form or the command line
  actor TEXT NOT NULL,                     -- user email, 'public' or 'cli'
  kind TEXT NOT NULL CHECK (kind IN ('created','status','assigned','edited')),
  from_status TEXT,
  to_status TEXT,
  note TEXT                                -- the action taken, the reason, or what changed
);
CREATE INDEX feedback_events_feedback ON feedback_events(feedback_id, at, id);

-- Offices that exist already get the default topics (new offices get them
-- from seed_office_defaults).
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'registration', 'Voter registration', 1, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'mail_ballots', 'Mail ballots', 2, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'polling_places', 'Polling places', 3, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'accessibility', 'Accessibility', 4, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'language_access', 'Language access', 5, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'wait_times', 'Wait times', 6, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'results', 'Results', 7, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'security', 'Security', 8, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'staff_conduct', 'Staff conduct', 9, created_at, created_at FROM offices;
INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)
  SELECT id, 'other', 'Other', 10, created_at, created_at FROM offices;
