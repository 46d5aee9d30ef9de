-- 007_certification.sql: the Community Relationships evidence packet.
-- A packet freezes the document as it was produced (so what was handed to
-- the certifier can be shown again exactly), with the drafted answers to the
-- questionnaire and the text staff edited them into.

CREATE TABLE certification_packets (
  id @PK@,
  office_id BIGINT NOT NULL REFERENCES offices(id),
  period_from TEXT NOT NULL,              -- local date, inclusive
  period_to TEXT NOT NULL,                -- local date, inclusive
  document TEXT NOT NULL,                 -- JSON report document (report_doc.h), drafts included
  drafts TEXT NOT NULL DEFAULT '{}',      -- JSON {key: {question, drafted, text, edited_by, edited_at}}
  created_at TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX certification_packets_office ON certification_packets(office_id, created_at);
