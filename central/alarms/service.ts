import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { AlarmView, RatingEvent } from '../../contract/messages.ts';
import type { AlarmSeverity, RatingLevel } from '../../contract/ratings.ts';
import { CountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Database } from '../db/sqlite.ts';
import { worseSeverity, type ResolvedAlarmPolicy } from './policy.ts';

export { resolvePolicy, type ResolvedAlarmPolicy } from './policy.ts';

export type AlarmAction = 'raised' | 'pressed' | 'acknowledged' | 'resolved' | 'escalated';

export interface AlarmServiceOptions {
  db: Database;
  logger: Logger;
  policyFor(office: string): ResolvedAlarmPolicy;
  publish(alarm: AlarmView): void;
  now?: () => number;
  /** How often start() runs tick(); 1 s keeps escalation within a second of its due time. */
  tickMs?: number;
}

export interface AlarmTransition {
  id: number;
  alarmId: string;
  at: string;
  action: AlarmAction;
  actor: string;
  detail: Record<string, unknown> | null;
}

interface AlarmRow {
  id: string;
  office: string;
  counter: string;
  clerk: string | null;
  severity: AlarmSeverity;
  state: AlarmView['state'];
  raised_at: string;
  updated_at: string;
  press_count: number;
  last_level: RatingLevel;
  last_event_id: string;
  last_press_at: string;
  escalations: number;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
}

/** Who the engine writes into alarm_transitions for what no person did. */
export const SYSTEM_ACTOR = 'system';
export const NOTE_MAX_LENGTH = 1000;
const HISTORY_DEFAULT_LIMIT = 500;
const HISTORY_MAX_LIMIT = 5000;

function toView(r: AlarmRow): AlarmView {
  const v: AlarmView = {
    id: r.id,
    office: r.office,
    counter: r.counter,
    clerk: r.clerk,
    severity: r.severity,
    state: r.state,
    raisedAt: r.raised_at,
    updatedAt: r.updated_at,
    pressCount: r.press_count,
    lastLevel: r.last_level,
    lastEventId: r.last_event_id,
    lastPressAt: r.last_press_at,
    escalations: r.escalations,
  };
  if (r.acknowledged_by !== null) v.acknowledgedBy = r.acknowledged_by;
  if (r.acknowledged_at !== null) v.acknowledgedAt = r.acknowledged_at;
  if (r.resolved_by !== null) v.resolvedBy = r.resolved_by;
  if (r.resolved_at !== null) v.resolvedAt = r.resolved_at;
  if (r.resolution_note !== null) v.resolutionNote = r.resolution_note;
  return v;
}

function notFound(id: string): CountergateError {
  return new CountergateError('CG_ALARM_NOT_FOUND', `alarm ${id} does not exist`, {
    statusCode: 404,
    userMessage: '找不到這筆警示，請重新整理畫面。',
  });
}

/**
 * The alarm engine: turns unhappy ratings into alarms (one per burst at a counter), carries
 * them through raised → acknowledged → resolved, escalates the ones nobody acknowledges, and
 * stores every transition with who and when.
 *
 * A press that joins an alarm someone already acknowledged keeps it acknowledged: that
 * supervisor is already on the way or at the counter, and ringing the bell again would only
 * add noise. The alarm's severity, press count and last level still change and are published,
 * so the console shows the new press.
 */
export class AlarmService {
  private readonly db: Database;
  private readonly logger: Logger;
  private readonly policyFor: (office: string) => ResolvedAlarmPolicy;
  private readonly publishFn: (alarm: AlarmView) => void;
  private readonly now: () => number;
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | undefined;

  private readonly sel: {
    byId: Statement<[string], AlarmRow>;
    openAtCounter: Statement<[string, string], AlarmRow>;
    activeOffice: Statement<[string], AlarmRow>;
    activeAll: Statement<[], AlarmRow>;
    unacknowledged: Statement<[], AlarmRow>;
    transitions: Statement<[string], { id: number; alarm_id: string; at: string; action: AlarmAction; actor: string; detail_json: string | null }>;
  };
  private readonly insertAlarm: Statement;
  private readonly updatePress: Statement;
  private readonly updateAck: Statement;
  private readonly updateResolve: Statement;
  private readonly updateEscalate: Statement;
  private readonly insertTransition: Statement;

  constructor(opts: AlarmServiceOptions) {
    this.db = opts.db;
    this.logger = opts.logger;
    this.policyFor = opts.policyFor;
    this.publishFn = opts.publish;
    this.now = opts.now ?? Date.now;
    this.tickMs = opts.tickMs ?? 1000;
    const db = this.db;
    this.sel = {
      byId: db.prepare('SELECT * FROM alarms WHERE id = ?'),
      openAtCounter: db.prepare(
        `SELECT * FROM alarms WHERE office = ? AND counter = ? AND state <> 'resolved'
         ORDER BY updated_at DESC LIMIT 1`,
      ),
      activeOffice: db.prepare(`SELECT * FROM alarms WHERE office = ? AND state <> 'resolved' ORDER BY raised_at`),
      activeAll: db.prepare(`SELECT * FROM alarms WHERE state <> 'resolved' ORDER BY raised_at`),
      unacknowledged: db.prepare(`SELECT * FROM alarms WHERE state = 'raised' ORDER BY raised_at`),
      transitions: db.prepare('SELECT * FROM alarm_transitions WHERE alarm_id = ? ORDER BY id'),
    };
    this.insertAlarm = db.prepare(
      `INSERT INTO alarms (id, office, counter, clerk, severity, state, raised_at, updated_at, press_count,
         last_level, last_event_id, last_press_at, escalations)
       VALUES (@id, @office, @counter, @clerk, @severity, 'raised', @at, @at, 1, @level, @eventId, @pressAt, 0)`,
    );
    this.updatePress = db.prepare(
      `UPDATE alarms SET press_count = press_count + 1, severity = @severity, clerk = @clerk, last_level = @level,
         last_event_id = @eventId, last_press_at = @pressAt, updated_at = @at WHERE id = @id`,
    );
    this.updateAck = db.prepare(
      `UPDATE alarms SET state = 'acknowledged', acknowledged_by = @actor, acknowledged_at = @at, updated_at = @at
       WHERE id = @id`,
    );
    this.updateResolve = db.prepare(
      `UPDATE alarms SET state = 'resolved', resolved_by = @actor, resolved_at = @at, resolution_note = @note,
         acknowledged_by = COALESCE(acknowledged_by, @actor), acknowledged_at = COALESCE(acknowledged_at, @at),
         updated_at = @at WHERE id = @id`,
    );
    this.updateEscalate = db.prepare(
      `UPDATE alarms SET escalations = @escalations, updated_at = @at WHERE id = @id AND state = 'raised'`,
    );
    this.insertTransition = db.prepare(
      'INSERT INTO alarm_transitions (alarm_id, at, action, actor, detail_json) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** Applies the office's rules to a newly stored rating: raises an alarm, joins one, or nothing. */
  onRating(office: string, counter: string, ev: RatingEvent): AlarmView | null {
    const policy = this.policyFor(office);
    const severity = policy.rules[ev.level];
    if (severity === undefined) return null;
    const nowMs = this.now();
    const at = new Date(nowMs).toISOString();
    const view = this.db.transaction((): AlarmView => {
      const open = this.sel.openAtCounter.get(office, counter);
      if (open && nowMs - Date.parse(open.updated_at) < policy.burstWindowS * 1000) {
        const newSeverity = worseSeverity(open.severity, severity);
        this.updatePress.run({
          id: open.id,
          severity: newSeverity,
          clerk: ev.clerk,
          level: ev.level,
          eventId: ev.id,
          pressAt: ev.ts,
          at,
        });
        this.record(open.id, at, 'pressed', SYSTEM_ACTOR, {
          eventId: ev.id,
          level: ev.level,
          clerk: ev.clerk,
          severity: newSeverity,
          ...(newSeverity !== open.severity ? { severityBefore: open.severity } : {}),
        });
        return toView(this.sel.byId.get(open.id)!);
      }
      const id = randomUUID();
      this.insertAlarm.run({ id, office, counter, clerk: ev.clerk, severity, at, level: ev.level, eventId: ev.id, pressAt: ev.ts });
      this.record(id, at, 'raised', SYSTEM_ACTOR, { eventId: ev.id, level: ev.level, clerk: ev.clerk, severity });
      return toView(this.sel.byId.get(id)!);
    })();
    this.emit(view);
    return view;
  }

  acknowledge(id: string, actor: string): AlarmView {
    const at = new Date(this.now()).toISOString();
    const view = this.db.transaction((): AlarmView => {
      const row = this.mustGet(id);
      if (row.state !== 'raised') {
        const who = row.state === 'acknowledged' ? row.acknowledged_by : row.resolved_by;
        throw new CountergateError('CG_ALARM_STATE', `alarm ${id} is ${row.state}, only a raised alarm can be acknowledged`, {
          statusCode: 409,
          userMessage:
            row.state === 'acknowledged'
              ? `這筆警示已由 ${who ?? '其他人'} 確認。`
              : `這筆警示已由 ${who ?? '其他人'} 處理完畢。`,
        });
      }
      this.updateAck.run({ id, actor, at });
      this.record(id, at, 'acknowledged', actor, null);
      return toView(this.sel.byId.get(id)!);
    })();
    this.emit(view);
    return view;
  }

  /**
   * Closes an alarm with a note (required). Resolving one nobody acknowledged is allowed: the
   * supervisor walked over without touching the console. It then also counts as acknowledged
   * by the same person at the same time, and both transitions are stored.
   */
  resolve(id: string, actor: string, note: string): AlarmView {
    const text = typeof note === 'string' ? note.trim() : '';
    if (text.length === 0) {
      throw new CountergateError('CG_ALARM_NOTE_REQUIRED', 'a resolution note is required', {
        statusCode: 400,
        userMessage: '請填寫處理說明後再結案。',
      });
    }
    if (text.length > NOTE_MAX_LENGTH) {
      throw new CountergateError('CG_ALARM_NOTE_TOO_LONG', `the note is longer than ${NOTE_MAX_LENGTH} characters`, {
        statusCode: 400,
        userMessage: `處理說明請勿超過 ${NOTE_MAX_LENGTH} 字。`,
      });
    }
    const at = new Date(this.now()).toISOString();
    const view = this.db.transaction((): AlarmView => {
      const row = this.mustGet(id);
      if (row.state === 'resolved') {
        throw new CountergateError('CG_ALARM_STATE', `alarm ${id} is already resolved`, {
          statusCode: 409,
          userMessage: `這筆警示已由 ${row.resolved_by ?? '其他人'} 處理完畢。`,
        });
      }
      this.updateResolve.run({ id, actor, at, note: text });
      if (row.state === 'raised') this.record(id, at, 'acknowledged', actor, { implicit: true });
      this.record(id, at, 'resolved', actor, { note: text });
      return toView(this.sel.byId.get(id)!);
    })();
    this.emit(view);
    return view;
  }

  get(id: string): AlarmView {
    return toView(this.mustGet(id));
  }

  /** Alarms not resolved yet, oldest first; `null` means every office. */
  active(office: string | null): AlarmView[] {
    const rows = office === null ? this.sel.activeAll.all() : this.sel.activeOffice.all(office);
    return rows.map(toView);
  }

  /** Alarms raised in [from, to), newest first. `office` null or absent means every office. */
  history(q: { office?: string | null; from?: string; to?: string; limit?: number }): AlarmView[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.office) {
      where.push('office = ?');
      args.push(q.office);
    }
    if (q.from) {
      where.push('raised_at >= ?');
      args.push(q.from);
    }
    if (q.to) {
      where.push('raised_at < ?');
      args.push(q.to);
    }
    const limit = Math.min(Math.max(1, Math.floor(q.limit ?? HISTORY_DEFAULT_LIMIT)), HISTORY_MAX_LIMIT);
    const sql = `SELECT * FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY raised_at DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).all(...args) as AlarmRow[]).map(toView);
  }

  transitions(id: string): AlarmTransition[] {
    return this.sel.transitions.all(id).map((t) => ({
      id: t.id,
      alarmId: t.alarm_id,
      at: t.at,
      action: t.action,
      actor: t.actor,
      detail: t.detail_json === null ? null : (JSON.parse(t.detail_json) as Record<string, unknown>),
    }));
  }

  /**
   * Escalates every raised alarm whose office policy says it waited too long: step n is due
   * n × escalateAfterS after it was raised. A late tick (the process was paused) catches up
   * in one step rather than replaying each missed one.
   */
  tick(): void {
    const nowMs = this.now();
    const at = new Date(nowMs).toISOString();
    const due: AlarmView[] = [];
    const policies = new Map<string, ResolvedAlarmPolicy>();
    this.db.transaction(() => {
      for (const row of this.sel.unacknowledged.all()) {
        let policy = policies.get(row.office);
        if (!policy) {
          policy = this.policyFor(row.office);
          policies.set(row.office, policy);
        }
        if (!(policy.escalateAfterS > 0)) continue;
        const target = Math.floor((nowMs - Date.parse(row.raised_at)) / (policy.escalateAfterS * 1000));
        if (target <= row.escalations) continue;
        this.updateEscalate.run({ id: row.id, escalations: target, at });
        this.record(row.id, at, 'escalated', SYSTEM_ACTOR, { escalations: target, afterS: policy.escalateAfterS });
        due.push(toView(this.sel.byId.get(row.id)!));
      }
    })();
    for (const v of due) this.emit(v);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (err) {
        this.logger.error({ err }, 'alarm escalation tick failed');
      }
    }, this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private mustGet(id: string): AlarmRow {
    const row = this.sel.byId.get(id);
    if (!row) throw notFound(id);
    return row;
  }

  private record(alarmId: string, at: string, action: AlarmAction, actor: string, detail: Record<string, unknown> | null) {
    this.insertTransition.run(alarmId, at, action, actor, detail === null ? null : JSON.stringify(detail));
  }

  /** The alarm is stored whatever happens here: a failing listener must not undo or block it. */
  private emit(view: AlarmView): void {
    try {
      this.publishFn(view);
    } catch (err) {
      this.logger.error({ err, alarm: view.id }, 'publishing an alarm failed');
    }
  }
}
