-- Alarm engine (docs/INTERFACES.md): one row per alarm, every state change in alarm_transitions.
-- Times are UTC ISO strings from central's clock (toISOString), so they sort as text.

CREATE TABLE alarms (
  id TEXT PRIMARY KEY,
  office TEXT NOT NULL,
  counter TEXT NOT NULL,
  clerk TEXT,
  severity TEXT NOT NULL CHECK (severity IN ('critical', 'major', 'minor')),
  state TEXT NOT NULL CHECK (state IN ('raised', 'acknowledged', 'resolved')),
  raised_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  press_count INTEGER NOT NULL DEFAULT 1,
  last_level TEXT NOT NULL,
  last_event_id TEXT NOT NULL,
  last_press_at TEXT NOT NULL,       -- the gateway's time of the last press
  escalations INTEGER NOT NULL DEFAULT 0,
  acknowledged_by TEXT,
  acknowledged_at TEXT,
  resolved_by TEXT,
  resolved_at TEXT,
  resolution_note TEXT
);
-- history and statistics by office and time
CREATE INDEX alarms_office_raised ON alarms(office, raised_at);
CREATE INDEX alarms_raised ON alarms(raised_at);
-- the hot path: "does this counter have an open alarm?" and the console's active list
CREATE INDEX alarms_open_counter ON alarms(office, counter, updated_at) WHERE state <> 'resolved';
CREATE INDEX alarms_open_office ON alarms(office, raised_at) WHERE state <> 'resolved';
CREATE INDEX alarms_open ON alarms(raised_at) WHERE state <> 'resolved';
-- the escalation tick only looks at alarms nobody acknowledged yet
CREATE INDEX alarms_unacknowledged ON alarms(raised_at) WHERE state = 'raised';

CREATE TABLE alarm_transitions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alarm_id TEXT NOT NULL REFERENCES alarms(id),
  at TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('raised', 'pressed', 'acknowledged', 'resolved', 'escalated')),
  actor TEXT NOT NULL,               -- a username, or 'system' for presses and escalations
  detail_json TEXT
);
CREATE INDEX alarm_transitions_alarm ON alarm_transitions(alarm_id, at);

-- Statistics and tamper signs read the core's events table one office and time range at a time.
-- A covering index keeps that a sequential index scan instead of one table lookup per event,
-- and finding a case's rating ("unrated") must not scan the counter's whole history.
CREATE INDEX events_stats ON events(office, ts, kind, counter, clerk, level, case_id);
CREATE INDEX events_rating_case ON events(office, counter, case_id) WHERE kind = 'rating';
