import { CountergateError } from '../../lib/errors.ts';
import type { Database } from '../db/sqlite.ts';
import { officeExists } from '../db/offices.ts';
import type { AuditLog } from './audit.ts';
import { dummyHash, hashPassword, randomToken, SCRYPT_DEFAULTS, sha256Hex, verifyPassword, type ScryptParams } from '../../lib/passwords.ts';
import { LoginThrottle } from './throttle.ts';
import { isOfficeRole, PASSWORD_MIN_LENGTH, USERNAME_PATTERN, type Role, type SessionUser } from './roles.ts';

export interface UserView extends SessionUser {
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  office?: string | null;
  password: string;
}

interface UserRow {
  username: string;
  display_name: string;
  role: Role;
  office: string | null;
  password_hash: string;
  disabled: number;
  created_at: string;
}

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const USERNAME_RE = new RegExp(USERNAME_PATTERN);

const toView = (r: UserRow): UserView => ({
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  office: r.office,
  disabled: r.disabled !== 0,
  createdAt: r.created_at,
});

const badCredentials = () =>
  new CountergateError('CG_AUTH_BAD_CREDENTIALS', 'wrong username or password, or the account is disabled', {
    statusCode: 401,
    userMessage: '帳號或密碼錯誤，或帳號已停用。',
  });

/**
 * People's accounts and their browser sessions. Session tokens are random 32-byte values;
 * only their SHA-256 is stored, so a copy of the database cannot be used to sign in.
 */
export class Accounts {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly opts: {
      now?: () => number;
      sessionTtlMs?: number;
      hashParams?: ScryptParams;
      throttle?: LoginThrottle;
    } = {},
  ) {
    this.hashParams = opts.hashParams ?? SCRYPT_DEFAULTS;
    this.throttle = opts.throttle ?? new LoginThrottle({ now: opts.now });
    this.dummy = dummyHash(this.hashParams);
  }

  /** scrypt cost for new hashes (tests lower it; stored hashes carry their own). */
  private readonly hashParams: ScryptParams;
  private readonly dummy: string;
  private readonly throttle: LoginThrottle;

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private row(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }

  getUser(username: string): UserView | null {
    const r = this.row(username);
    return r ? toView(r) : null;
  }

  listUsers(office?: string): UserView[] {
    const rows = (
      office === undefined
        ? this.db.prepare('SELECT * FROM users ORDER BY username').all()
        : this.db.prepare('SELECT * FROM users WHERE office = ? ORDER BY username').all(office)
    ) as UserRow[];
    return rows.map(toView);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  async createUser(u: NewUser, actor = 'system'): Promise<UserView> {
    const office = u.office ?? null;
    if (!USERNAME_RE.test(u.username)) {
      throw new CountergateError('CG_USER_INVALID', `username '${u.username}' must match ${USERNAME_PATTERN}`, {
        statusCode: 400,
        userMessage: '帳號只能使用小寫英文字母、數字、點、底線或連字號（2 到 40 字）。',
      });
    }
    if (u.password.length < PASSWORD_MIN_LENGTH) {
      throw new CountergateError('CG_PASSWORD_WEAK', `password must have at least ${PASSWORD_MIN_LENGTH} characters`, {
        statusCode: 400,
        userMessage: `密碼至少需要 ${PASSWORD_MIN_LENGTH} 個字元。`,
      });
    }
    if (isOfficeRole(u.role) !== (office !== null)) {
      throw new CountergateError(
        'CG_USER_INVALID',
        isOfficeRole(u.role) ? `a ${u.role} must belong to an office` : `a ${u.role} is city-wide and has no office`,
        { statusCode: 400, userMessage: isOfficeRole(u.role) ? '櫃檯人員與主管必須指定所屬戶所。' : '此角色不屬於單一戶所。' },
      );
    }
    if (office !== null && !officeExists(this.db, office)) {
      throw new CountergateError('CG_OFFICE_UNKNOWN', `office '${office}' is not configured`, {
        statusCode: 400,
        userMessage: '找不到此戶所。',
      });
    }
    const hash = await hashPassword(u.password, this.hashParams);
    const createdAt = new Date(this.now()).toISOString();
    const res = this.db
      .prepare(
        `INSERT OR IGNORE INTO users (username, display_name, role, office, password_hash, disabled, created_at)
         VALUES (?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(u.username, u.displayName, u.role, office, hash, createdAt);
    if (res.changes === 0) {
      throw new CountergateError('CG_USER_EXISTS', `user '${u.username}' already exists`, {
        statusCode: 409,
        userMessage: '此帳號已存在。',
      });
    }
    this.audit.record(actor, 'user.create', u.username, { role: u.role, office });
    return this.getUser(u.username) as UserView;
  }

  disableUser(username: string, actor = 'system'): UserView {
    if (username === actor) {
      throw new CountergateError('CG_USER_SELF', 'you cannot disable your own account', {
        statusCode: 409,
        userMessage: '不能停用自己的帳號。',
      });
    }
    const res = this.db.prepare('UPDATE users SET disabled = 1 WHERE username = ?').run(username);
    if (res.changes === 0) throw this.notFound(username);
    // A disabled person must lose every open session at once, not at expiry.
    this.db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
    this.audit.record(actor, 'user.disable', username);
    return this.getUser(username) as UserView;
  }

  async setPassword(username: string, password: string, actor = 'system'): Promise<void> {
    if (password.length < PASSWORD_MIN_LENGTH) {
      throw new CountergateError('CG_PASSWORD_WEAK', `password must have at least ${PASSWORD_MIN_LENGTH} characters`, {
        statusCode: 400,
        userMessage: `密碼至少需要 ${PASSWORD_MIN_LENGTH} 個字元。`,
      });
    }
    const hash = await hashPassword(password, this.hashParams);
    const res = this.db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(hash, username);
    if (res.changes === 0) throw this.notFound(username);
    this.db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
    this.audit.record(actor, 'user.password', username);
  }

  private notFound(username: string) {
    return new CountergateError('CG_USER_NOT_FOUND', `user '${username}' does not exist`, {
      statusCode: 404,
      userMessage: '找不到此帳號。',
    });
  }

  /**
   * Checks a password without opening a session (also used for clerks signing in at a
   * counter). Null for unknown user, wrong password or disabled account, in the same time.
   */
  async verify(username: string, password: string): Promise<SessionUser | null> {
    const r = this.row(username);
    const ok = await verifyPassword(password, r?.password_hash ?? this.dummy);
    if (!r || !ok || r.disabled !== 0) return null;
    return { username: r.username, displayName: r.display_name, role: r.role, office: r.office };
  }

  /**
   * verify() behind the same throttle as login, for clerks signing in at a counter: `where`
   * names the counter, so a gateway cannot guess a clerk's password faster than a browser can.
   */
  async verifyAt(username: string, password: string, where: string, auditDetail: Record<string, unknown>): Promise<SessionUser | null> {
    const key = `${username}|${where}`;
    this.refuseIfThrottled(key, username, 'counter.sign-in.failed', auditDetail);
    const user = await this.verify(username, password);
    if (user) this.throttle.succeed(key);
    else this.throttle.fail(key);
    return user;
  }

  private refuseIfThrottled(key: string, username: string, action: string, detail: Record<string, unknown>): void {
    const waitMs = this.throttle.retryAfterMs(key);
    if (waitMs <= 0) return;
    this.audit.record(username.slice(0, 64), action, username.slice(0, 64), { ...detail, reason: 'throttled' });
    const minutes = Math.ceil(waitMs / 60_000);
    throw new CountergateError('CG_AUTH_THROTTLED', `too many failed sign-ins; try again in ${minutes} min`, {
      statusCode: 429,
      userMessage: `登入失敗次數過多，請 ${minutes} 分鐘後再試，或請資訊室協助。`,
    });
  }

  /** Signs in: a new session token (give it to the browser, it is not stored) and the user. */
  async login(
    username: string,
    password: string,
    context: { ip?: string } = {},
  ): Promise<{ token: string; user: SessionUser; expiresAt: string }> {
    const key = `${username}|${context.ip ?? ''}`;
    this.refuseIfThrottled(key, username, 'login.failed', { ip: context.ip ?? null });
    const user = await this.verify(username, password);
    if (!user) {
      const r = this.row(username);
      const reason = !r ? 'unknown-user' : r.disabled !== 0 ? 'disabled' : 'bad-password';
      this.throttle.fail(key);
      this.audit.record(username.slice(0, 64), 'login.failed', username.slice(0, 64), { reason, ip: context.ip ?? null });
      throw badCredentials();
    }
    this.throttle.succeed(key);
    const token = randomToken(32);
    const now = this.now();
    const expiresAt = new Date(now + (this.opts.sessionTtlMs ?? SESSION_TTL_MS)).toISOString();
    this.db
      .prepare('INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(sha256Hex(token), user.username, new Date(now).toISOString(), expiresAt);
    this.audit.record(user.username, 'login', user.username, { ip: context.ip ?? null });
    // Expired sessions are useless; sweeping them here keeps the table small without a timer.
    this.purgeExpiredSessions();
    return { token, user, expiresAt };
  }

  /** The user of a session token, or null if unknown, expired or the account is disabled. */
  userForSession(token: string): SessionUser | null {
    if (token.length < 20 || token.length > 100) return null;
    const r = this.db
      .prepare(
        `SELECT u.username, u.display_name, u.role, u.office, u.disabled, s.expires_at
         FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ?`,
      )
      .get(sha256Hex(token)) as (UserRow & { expires_at: string }) | undefined;
    if (!r || r.disabled !== 0) return null;
    if (Date.parse(r.expires_at) <= this.now()) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256Hex(token));
      return null;
    }
    return { username: r.username, displayName: r.display_name, role: r.role, office: r.office };
  }

  logout(token: string, actor?: string): void {
    const res = this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256Hex(token));
    if (res.changes > 0 && actor) this.audit.record(actor, 'logout', actor);
  }

  purgeExpiredSessions(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(new Date(this.now()).toISOString()).changes;
  }
}
