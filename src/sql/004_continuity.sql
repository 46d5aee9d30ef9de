-- 004_continuity.sql: relationships that survive staff changes (part 2 of
-- the Community Relationships standard): handovers of a departing person's
-- holdings, the election advisory group, outreach letter templates, and the
-- per-user calendar feeds that carry follow-up reminders.

-- The continuity and strength reports read each partner's touches by date,
-- type and direction; this index answers them without visiting the rows.
CREATE INDEX interactions_touch ON interactions(office_id, partner_id, occurred_on, type, direction);
-- Each person's open follow-ups ("my relationships", calendar feeds, handovers).
CREATE INDEX interactions_follow_up_owner ON interactions(office_id, follow_up_owner, follow_up_on)
  WHERE follow_up_done_at IS NULL AND follow_up_owner IS NOT NULL;

-- One row per staff departure handed over (rapport user handover, or
-- POST /api/v1/users/{id}/handover).  The certification packet reports them.
CREATE TABLE handovers (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  from_user_id BIGINT NOT NULL REFERENCES users(id),   -- the person who left (now inactive)
  to_user_id BIGINT NOT NULL REFERENCES users(id),     -- the named successor
  backup_to_user_id BIGINT REFERENCES users(id),       -- who takes the backup roles; NULL: the successor
  at TEXT NOT NULL,
  by_user_id BIGINT REFERENCES users(id),              -- NULL when run from the command line
  by_actor TEXT NOT NULL,                              -- email of the person who ran it, or 'cli'
  counts TEXT NOT NULL DEFAULT '{}'                    -- JSON: {holding kind: items moved}
);
CREATE INDEX handovers_office_at ON handovers(office_id, at);

-- The election advisory group: a contact, and the partner they represent.
CREATE TABLE advisory_members (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,  -- a merge repoints it first
  partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,  -- as the partner's interactions
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member','chair','vice_chair')),
  joined_on TEXT NOT NULL,                 -- date
  left_on TEXT,                            -- date; NULL while a member
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX advisory_members_office ON advisory_members(office_id, left_on);
CREATE INDEX advisory_members_partner ON advisory_members(office_id, partner_id);

-- Meetings of the group.  The convener is the staff member who runs it (an
-- "advisory role" a handover moves while the meeting is still ahead).
CREATE TABLE advisory_meetings (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  held_on TEXT NOT NULL,                   -- date
  title TEXT NOT NULL,
  agenda TEXT,
  minutes TEXT,
  convener_user_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX advisory_meetings_office ON advisory_meetings(office_id, held_on);

-- Which members attended which meeting.
CREATE TABLE advisory_attendance (
  office_id BIGINT NOT NULL,
  meeting_id BIGINT NOT NULL REFERENCES advisory_meetings(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES advisory_members(id) ON DELETE CASCADE,
  PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX advisory_attendance_member ON advisory_attendance(office_id, member_id);

-- What the group recommended, what the office decided and what it did.  The
-- owner is the staff member who must act on it (an "advisory role").
CREATE TABLE advisory_recommendations (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  meeting_id BIGINT REFERENCES advisory_meetings(id) ON DELETE SET NULL,
  member_id BIGINT REFERENCES advisory_members(id) ON DELETE SET NULL,  -- who proposed it
  title TEXT NOT NULL,
  details TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','adopted','declined')),
  action_taken TEXT,                       -- what was done (adopted) or why not (declined)
  decided_on TEXT,                         -- date of the decision; NULL while open
  owner_user_id BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX advisory_recommendations_office ON advisory_recommendations(office_id, status);

-- Outreach letter templates with {{placeholders}} (see api_letters.c).
CREATE TABLE letter_templates (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  name TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (office_id, name)
);

-- Per-user iCalendar feeds.  The token in the URL is the credential; only
-- its hash is kept.  At most one live feed per user.
CREATE TABLE calendar_feeds (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,         -- SHA-256 hex of the token
  prefix TEXT NOT NULL,                    -- first characters, to recognise it
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX calendar_feeds_user ON calendar_feeds(office_id, user_id, revoked_at);
