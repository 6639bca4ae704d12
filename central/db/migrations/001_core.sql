-- Central core: offices, accounts, sessions, gateways, audit, events (docs/INTERFACES.md).

CREATE TABLE offices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  alarm_policy_json TEXT            -- the office's `alarms` override from config, or NULL
);

CREATE TABLE counters (
  office TEXT NOT NULL REFERENCES offices(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  -- the retained cfg central publishes to this counter's gateway; the version rises when it changes
  cfg_version INTEGER NOT NULL DEFAULT 0,
  cfg_json TEXT,
  PRIMARY KEY (office, id)
);

CREATE TABLE users (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'it-admin', 'auditor')),
  office TEXT REFERENCES offices(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  -- office staff belong to one office; it-admin and auditors are city-wide
  CHECK ((role IN ('clerk', 'supervisor')) = (office IS NOT NULL))
);
CREATE INDEX users_office ON users(office);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,      -- SHA-256 of the cookie value; the token itself is never stored
  username TEXT NOT NULL REFERENCES users(username),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_username ON sessions(username);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE gateways (
  username TEXT PRIMARY KEY,
  office TEXT NOT NULL REFERENCES offices(id),
  counter TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('counter', 'alarm-station')),
  secret_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX gateways_office_counter ON gateways(office, counter);

CREATE TABLE gateway_status (
  office TEXT NOT NULL,
  counter TEXT NOT NULL,
  online INTEGER NOT NULL DEFAULT 0,
  version TEXT,
  started_at TEXT,
  role TEXT,
  health_json TEXT,
  updated_at TEXT NOT NULL,
  cfg_version_applied INTEGER,
  PRIMARY KEY (office, counter)
);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT,
  detail_json TEXT
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_actor_at ON audit(actor, at);
CREATE INDEX audit_action_at ON audit(action, at);

CREATE TABLE events (
  id TEXT PRIMARY KEY,          -- the event's unique id: stored exactly once
  office TEXT NOT NULL,
  counter TEXT NOT NULL,
  kind TEXT NOT NULL,           -- case | rating | press-ignored | session
  seq INTEGER NOT NULL,
  ts TEXT NOT NULL,             -- gateway's time (ISO)
  clerk TEXT,
  case_id TEXT,
  level TEXT,
  outcome TEXT,
  reason TEXT,
  payload TEXT NOT NULL,        -- the validated JSON as received
  received_at TEXT NOT NULL
);
CREATE INDEX events_office_ts ON events(office, ts);
CREATE INDEX events_office_counter_ts ON events(office, counter, ts);
CREATE INDEX events_clerk_ts ON events(clerk, ts);
CREATE INDEX events_kind_ts ON events(kind, ts);
