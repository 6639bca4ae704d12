import type { Database } from '../db/sqlite.ts';

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  limit?: number;
}

/**
 * The audit trail: who did what to whom, append-only. Actions are dotted names
 * (`login`, `login.failed`, `user.create`, `gateway.provision`, …); `actor` is a username,
 * a gateway username or `system`.
 */
export class AuditLog {
  private readonly insert;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare('INSERT INTO audit (at, actor, action, subject, detail_json) VALUES (?, ?, ?, ?, ?)');
  }

  record(actor: string, action: string, subject: string | null = null, detail: Record<string, unknown> | null = null) {
    this.insert.run(this.now().toISOString(), actor, action, subject, detail ? JSON.stringify(detail) : null);
  }

  /** Newest first. `from` inclusive, `to` exclusive (ISO times). */
  query(q: AuditQuery = {}): AuditRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const filters: [string, string | undefined][] = [
      ['at >= ?', q.from],
      ['at < ?', q.to],
      ['actor = ?', q.actor],
      ['action = ?', q.action],
    ];
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      args.push(value);
    }
    const limit = Math.min(Math.max(q.limit ?? 200, 1), 1000);
    const sql = `SELECT id, at, actor, action, subject, detail_json FROM audit
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
    const rows = this.db.prepare(sql).all(...args) as {
      id: number;
      at: string;
      actor: string;
      action: string;
      subject: string | null;
      detail_json: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      detail: r.detail_json ? (JSON.parse(r.detail_json) as Record<string, unknown>) : null,
    }));
  }
}
