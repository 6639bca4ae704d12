import type { CfgApplied, GatewayRole, GatewayState, Health } from '../../contract/messages.ts';
import { isValidId } from '../../contract/topics.ts';
import { CountergateError } from '../../lib/errors.ts';
import type { AuditLog } from '../accounts/audit.ts';
import { digestEquals, randomToken, sha256Hex } from '../../lib/passwords.ts';
import { counterExists, officeExists } from '../db/offices.ts';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/sqlite.ts';

export interface GatewayIdentity {
  username: string;
  office: string;
  counter: string;
  role: GatewayRole;
}

export interface GatewayStatusView {
  online: boolean;
  version: string | null;
  startedAt: string | null;
  role: GatewayRole | null;
  health: Health | null;
  updatedAt: string;
  cfgVersionApplied: number | null;
}

export interface GatewayView extends GatewayIdentity {
  createdAt: string;
  revoked: boolean;
  status: GatewayStatusView | null;
}

interface GatewayRow {
  username: string;
  office: string;
  counter: string;
  role: GatewayRole;
  secret_sha256: string;
  created_at: string;
  revoked: number;
}

interface StatusRow {
  online: number;
  version: string | null;
  started_at: string | null;
  role: GatewayRole | null;
  health_json: string | null;
  updated_at: string;
  cfg_version_applied: number | null;
}

export const gatewayUsername = (office: string, counter: string) => `gw-${office}-${counter}`;

const statusView = (s: StatusRow): GatewayStatusView => ({
  online: s.online !== 0,
  version: s.version,
  startedAt: s.started_at,
  role: s.role,
  health: s.health_json ? (JSON.parse(s.health_json) as Health) : null,
  updatedAt: s.updated_at,
  cfgVersionApplied: s.cfg_version_applied,
});

/**
 * Gateway credentials and last known status. A secret is 32 random bytes shown once at
 * provisioning; only its SHA-256 is kept (docs/INTERFACES.md: a slow hash buys nothing for a
 * high-entropy secret and would make thousands of reconnecting boxes expensive).
 */
export class GatewayRegistry {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** New credentials for a counter's gateway; provisioning again rotates (the old secret stops working). */
  provision(office: string, counter: string, role: GatewayRole, actor = 'system'): { username: string; password: string } {
    if (!isValidId(office) || !isValidId(counter)) {
      throw new CountergateError('CG_GATEWAY_INVALID', `office and counter must be ids like 'o01', got '${office}', '${counter}'`, {
        statusCode: 400,
        userMessage: '戶所或櫃檯代號格式不正確。',
      });
    }
    if (!officeExists(this.db, office)) {
      throw new CountergateError('CG_OFFICE_UNKNOWN', `office '${office}' is not configured`, {
        statusCode: 400,
        userMessage: '找不到此戶所。',
      });
    }
    if (role === 'counter' && !counterExists(this.db, office, counter)) {
      throw new CountergateError('CG_COUNTER_UNKNOWN', `counter '${counter}' of office '${office}' is not configured`, {
        statusCode: 400,
        userMessage: '找不到此櫃檯，請先在設定檔加入。',
      });
    }
    const username = gatewayUsername(office, counter);
    // Ids may contain '-', so gw-a-b-c could name (a, b-c) or (a-b, c): refuse the second one.
    const clash = this.db.prepare('SELECT office, counter FROM gateways WHERE username = ?').get(username) as
      | { office: string; counter: string }
      | undefined;
    if (clash && (clash.office !== office || clash.counter !== counter)) {
      throw new CountergateError(
        'CG_GATEWAY_NAME_CLASH',
        `gateway name ${username} is already used by office '${clash.office}' counter '${clash.counter}'`,
        { statusCode: 409, userMessage: '此櫃檯代號與其他櫃檯的閘道名稱衝突，請改用其他代號。' },
      );
    }
    const password = randomToken(32);
    const at = this.now().toISOString();
    const existing = this.db.prepare('SELECT username FROM gateways WHERE office = ? AND counter = ?').get(office, counter);
    this.db
      .prepare(
        `INSERT INTO gateways (username, office, counter, role, secret_sha256, created_at, revoked)
         VALUES (?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT(username) DO UPDATE SET role = excluded.role, secret_sha256 = excluded.secret_sha256,
           created_at = excluded.created_at, revoked = 0`,
      )
      .run(username, office, counter, role, sha256Hex(password), at);
    this.audit.record(actor, existing ? 'gateway.rotate' : 'gateway.provision', username, { office, counter, role });
    return { username, password };
  }

  revoke(office: string, counter: string, actor = 'system'): GatewayIdentity {
    const row = this.db.prepare('SELECT * FROM gateways WHERE office = ? AND counter = ?').get(office, counter) as
      | GatewayRow
      | undefined;
    if (!row) throw this.notFound(office, counter);
    this.db.prepare('UPDATE gateways SET revoked = 1 WHERE username = ?').run(row.username);
    this.audit.record(actor, 'gateway.revoke', row.username, { office, counter });
    return { username: row.username, office, counter, role: row.role };
  }

  notFound(office: string, counter: string) {
    return new CountergateError('CG_GATEWAY_NOT_FOUND', `no gateway is provisioned for office '${office}' counter '${counter}'`, {
      statusCode: 404,
      userMessage: '此櫃檯尚未設定閘道。',
    });
  }

  /** The gateway these credentials belong to, or null (unknown, wrong secret or revoked). */
  verify(username: string, password: string): GatewayIdentity | null {
    const row = this.stmt('SELECT * FROM gateways WHERE username = ?').get(username) as GatewayRow | undefined;
    const ok = digestEquals(sha256Hex(password), row?.secret_sha256 ?? '00'.repeat(32));
    if (!row || !ok || row.revoked !== 0) return null;
    return { username: row.username, office: row.office, counter: row.counter, role: row.role };
  }

  /**
   * The role of the provisioned, unrevoked gateway at (office, counter), or null. Ingestion asks
   * this for every message: with an external broker whose ACL is not ours, a message from a
   * counter central never provisioned must not be counted.
   */
  activeRole(office: string, counter: string): GatewayRole | null {
    this.activeRoleStmt ??= this.db.prepare('SELECT role FROM gateways WHERE office = ? AND counter = ? AND revoked = 0');
    const row = this.activeRoleStmt.get(office, counter) as { role: GatewayRole } | undefined;
    return row?.role ?? null;
  }

  private activeRoleStmt?: BetterSqlite3.Statement<[string, string]>;

  /** Whether a username is a gateway at all and whether it is revoked (to pick the refusal code). */
  lookup(username: string): { identity: GatewayIdentity; revoked: boolean } | null {
    const row = this.stmt('SELECT * FROM gateways WHERE username = ?').get(username) as GatewayRow | undefined;
    if (!row) return null;
    return {
      identity: { username: row.username, office: row.office, counter: row.counter, role: row.role },
      revoked: row.revoked !== 0,
    };
  }

  get(office: string, counter: string): GatewayView | null {
    return this.list().find((g) => g.office === office && g.counter === counter) ?? null;
  }

  list(): GatewayView[] {
    const rows = this.db
      .prepare(
        `SELECT g.*, s.online, s.version, s.started_at, s.role AS s_role, s.health_json, s.updated_at,
                s.cfg_version_applied
         FROM gateways g LEFT JOIN gateway_status s ON s.office = g.office AND s.counter = g.counter
         ORDER BY g.office, g.counter`,
      )
      .all() as (GatewayRow & Partial<StatusRow> & { s_role: GatewayRole | null })[];
    return rows.map((r) => ({
      username: r.username,
      office: r.office,
      counter: r.counter,
      role: r.role,
      createdAt: r.created_at,
      revoked: r.revoked !== 0,
      status:
        r.updated_at === null || r.updated_at === undefined
          ? null
          : statusView({
              online: r.online ?? 0,
              version: r.version ?? null,
              started_at: r.started_at ?? null,
              role: r.s_role,
              health_json: r.health_json ?? null,
              updated_at: r.updated_at,
              cfg_version_applied: r.cfg_version_applied ?? null,
            }),
    }));
  }

  status(office: string, counter: string): GatewayStatusView | null {
    const s = this.db.prepare('SELECT * FROM gateway_status WHERE office = ? AND counter = ?').get(office, counter) as
      | StatusRow
      | undefined;
    return s ? statusView(s) : null;
  }

  /** Status writes happen for every state and health message: their statements are prepared once. */
  private readonly statusStmts = new Map<string, BetterSqlite3.Statement>();

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.statusStmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statusStmts.set(sql, s);
    }
    return s;
  }

  private touch(office: string, counter: string, set: string, args: unknown[]): void {
    this.db.transaction(() => {
      this.stmt(
        `INSERT INTO gateway_status (office, counter, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(office, counter) DO UPDATE SET updated_at = excluded.updated_at`,
      ).run(office, counter, this.now().toISOString());
      this.stmt(`UPDATE gateway_status SET ${set} WHERE office = ? AND counter = ?`).run(...args, office, counter);
    })();
  }

  /** At start nobody is connected yet: gateways report online again when they (re)connect. */
  markAllOffline(): void {
    this.db.prepare('UPDATE gateway_status SET online = 0').run();
  }

  recordState(office: string, counter: string, s: GatewayState): void {
    this.touch(office, counter, 'online = ?, version = ?, started_at = ?, role = ?', [
      s.online ? 1 : 0,
      s.version,
      s.startedAt,
      s.role,
    ]);
  }

  recordHealth(office: string, counter: string, h: Health): void {
    this.touch(office, counter, 'health_json = ?', [JSON.stringify(h)]);
  }

  recordCfgApplied(office: string, counter: string, a: CfgApplied): void {
    if (a.ok) this.touch(office, counter, 'cfg_version_applied = ?', [a.version]);
  }
}
