-- 009_feedback_rollup.sql: the feedback summary's rollup (feedback_rollup.c),
-- kept in the same transaction as every change to a feedback record, so the
-- summary reads a few thousand rows instead of every record of the period.
--
-- Rows are keyed by the office's LOCAL date of received_at (in the zone named
-- in feedback_rollup_state.timezone): months and on/off cycle are derived
-- from the date when the report runs, so changing elections or the cycle
-- window needs nothing here; changing the office's time zone rebuilds the
-- office's rollup (api_office.c).  An office with no state row, or one whose
-- zone differs from offices.timezone, is stale: the report then counts the
-- records themselves, and the next feedback write rebuilds the rollup.

-- (On SQLite the two count tables are WITHOUT ROWID: the summary reads them
-- by primary key, and a rowid table would cost a second lookup per row.)

-- Counts per local day and dimension.  dim/key: 'all'/'' (every record),
-- 'channel'/channel, 'language'/language, 'status'/status (received counts
-- the records now in that status; acted and closed are 0), 'topic'/'' (the
-- records with no topic; topics themselves are in feedback_day_topics).
-- @sqlite
CREATE TABLE feedback_day_counts (
  office_id BIGINT NOT NULL REFERENCES offices(id),
  day TEXT NOT NULL,                       -- YYYY-MM-DD, local date received
  dim TEXT NOT NULL CHECK (dim IN ('all','channel','language','status','topic')),
  key TEXT NOT NULL,
  received INTEGER NOT NULL,               -- records received that day
  acted INTEGER NOT NULL,                  -- of those, action_taken_at set
  closed INTEGER NOT NULL,                 -- of those, closed or closed_no_action now
  PRIMARY KEY (office_id, day, dim, key)
) WITHOUT ROWID;
-- @end
-- @pg
CREATE TABLE feedback_day_counts (
  office_id BIGINT NOT NULL REFERENCES offices(id),
  day TEXT NOT NULL,                       -- YYYY-MM-DD, local date received
  dim TEXT NOT NULL CHECK (dim IN ('all','channel','language','status','topic')),
  key TEXT NOT NULL,
  received INTEGER NOT NULL,               -- records received that day
  acted INTEGER NOT NULL,                  -- of those, action_taken_at set
  closed INTEGER NOT NULL,                 -- of those, closed or closed_no_action now
  PRIMARY KEY (office_id, day, dim, key)
);
-- @end

-- The same counts per topic (a real reference, so rapport migrate-store
-- remaps it).  Rows that fall to zero are removed, so a topic no record uses
-- can still be deleted.
-- @sqlite
CREATE TABLE feedback_day_topics (
  office_id BIGINT NOT NULL REFERENCES offices(id),
  day TEXT NOT NULL,
  topic_id BIGINT NOT NULL REFERENCES feedback_topics(id),
  received INTEGER NOT NULL,
  acted INTEGER NOT NULL,
  closed INTEGER NOT NULL,
  PRIMARY KEY (office_id, day, topic_id)
) WITHOUT ROWID;
-- @end
-- @pg
CREATE TABLE feedback_day_topics (
  office_id BIGINT NOT NULL REFERENCES offices(id),
  day TEXT NOT NULL,
  topic_id BIGINT NOT NULL REFERENCES feedback_topics(id),
  received INTEGER NOT NULL,
  acted INTEGER NOT NULL,
  closed INTEGER NOT NULL,
  PRIMARY KEY (office_id, day, topic_id)
);
-- @end

-- The response times of the records received each local day, for exact
-- medians and percentiles: kind 'first' = first_action_at - received_at,
-- 'close' = closed_at - received_at of records closed now; seconds, 0 when
-- negative.  secs holds the n values sorted ascending, each written as five
-- characters '0'+6 bits, most significant first (0 .. 2^30-1 seconds, so
-- the text sorts as the numbers do).
CREATE TABLE feedback_day_times (
  office_id BIGINT NOT NULL REFERENCES offices(id),
  day TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('first','close')),
  n INTEGER NOT NULL,
  secs TEXT NOT NULL,
  PRIMARY KEY (office_id, day, kind)
);

-- Which zone each office's rollup was built in, and when.
CREATE TABLE feedback_rollup_state (
  office_id BIGINT PRIMARY KEY REFERENCES offices(id),
  timezone TEXT NOT NULL,
  built_at TEXT NOT NULL                   -- UTC
);

-- The summary no longer scans the records on every run; the plain
-- (office_id, received_at, id) index serves the rebuild and the fallback.
DROP INDEX feedback_office_report;

-- Recording a record is the hot write (a phone clerk on election day):
-- most records have no assignee or solicitation when recorded, so these two
-- indexes keep only the rows that have one (every query that uses them asks
-- for a given assignee or solicitation), and an insert touches two b-trees
-- fewer.
DROP INDEX feedback_office_assignee;
CREATE INDEX feedback_office_assignee ON feedback(office_id, assignee_id, status) WHERE assignee_id IS NOT NULL;
DROP INDEX feedback_solicitation;
CREATE INDEX feedback_solicitation ON feedback(solicitation_id) WHERE solicitation_id IS NOT NULL;
