import { CountergateError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { hashPassword, SCRYPT_DEFAULTS, verifyPassword } from '../lib/passwords.ts';
import type { GatewayDb } from './db.ts';
import type { Clerk } from './rating/machine.ts';

export interface ClerkAuthOptions {
  db: GatewayDb;
  /** Central's HTTP base URL (config.central.httpUrl). */
  centralHttpUrl: string;
  /** The gateway's own credentials (the MQTT ones), sent as HTTP Basic. */
  gatewayUsername: string;
  gatewayPassword: string;
  timeoutMs?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  /** scrypt cost; tests may lower it. */
  scryptN?: number;
}

export interface SignInResult {
  clerk: Clerk;
  /** Where the password was checked: central, or this counter's cache while central was unreachable. */
  via: 'central' | 'cache';
}

const BAD_CREDENTIALS = () =>
  new CountergateError('CG_AUTH_BAD_CREDENTIALS', 'wrong username or password', {
    statusCode: 401,
    userMessage: '帳號或密碼錯誤',
  });

/**
 * Clerk sign-in at the counter. Central decides (POST /api/counter/clerk-sign-in with the
 * gateway's credentials); each success leaves an scrypt hash of the password in the gateway's
 * SQLite so the same clerk can still sign in on this counter while central is unreachable.
 * Clerks who never signed in here cannot sign in offline.
 */
export class ClerkAuth {
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly opts: ClerkAuthOptions) {
    this.fetchFn = opts.fetch ?? fetch;
    this.now = opts.now ?? Date.now;
  }

  async verify(username: string, password: string): Promise<SignInResult> {
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password || username.length > 64) {
      throw BAD_CREDENTIALS();
    }
    const answer = await this.askCentral(username, password);
    if (answer.kind === 'ok') {
      await this.remember(answer.clerk, password);
      return { clerk: answer.clerk, via: 'central' };
    }
    if (answer.kind === 'bad-credentials') {
      // The cached password may be one central no longer accepts: it must not keep working offline.
      await this.forgetIfMatches(username, password);
      throw BAD_CREDENTIALS();
    }
    if (answer.kind === 'throttled') {
      // Central saw too many wrong passwords for this clerk here: the cache must not be a way round.
      throw new CountergateError('CG_AUTH_THROTTLED', 'central refuses sign-ins for this clerk for a while (too many failures)', {
        statusCode: 429,
        userMessage: answer.userMessage ?? '登入失敗次數過多，請稍後再試，或請資訊室協助。',
      });
    }
    if (answer.kind === 'forbidden') {
      this.forget(username);
      throw new CountergateError('CG_AUTH_FORBIDDEN', `${username} is not an active clerk of this office`, {
        statusCode: 403,
        userMessage: '此帳號不是本所的櫃檯人員，無法在此櫃檯登入。',
      });
    }
    this.opts.logger?.warn({ reason: answer.reason }, 'central unreachable for clerk sign-in; checking the local cache');
    const row = this.opts.db
      .prepare('SELECT username, display_name, password_hash FROM clerk_cache WHERE username = ?')
      .get(username) as { username: string; display_name: string; password_hash: string } | undefined;
    if (!row) {
      throw new CountergateError(
        'CG_AUTH_CENTRAL_UNREACHABLE',
        `central is unreachable (${answer.reason}) and ${username} never signed in on this counter`,
        { statusCode: 503, userMessage: '目前無法連線中央系統，且此帳號未曾在本櫃檯登入，請稍後再試或通知資訊室。' },
      );
    }
    if (!(await verifyPassword(password, row.password_hash))) throw BAD_CREDENTIALS();
    return { clerk: { username: row.username, displayName: row.display_name }, via: 'cache' };
  }

  private async askCentral(
    username: string,
    password: string,
  ): Promise<
    | { kind: 'ok'; clerk: Clerk }
    | { kind: 'bad-credentials' }
    | { kind: 'forbidden' }
    | { kind: 'throttled'; userMessage?: string }
    | { kind: 'unreachable'; reason: string }
  > {
    const url = new URL('/api/counter/clerk-sign-in', this.opts.centralHttpUrl);
    const basic = Buffer.from(`${this.opts.gatewayUsername}:${this.opts.gatewayPassword}`).toString('base64');
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
        body: JSON.stringify({ username, password }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (err) {
      return { kind: 'unreachable', reason: (err as Error).message };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (res.status === 200) {
      const clerk = (body as { clerk?: { username?: unknown; displayName?: unknown } } | undefined)?.clerk;
      if (clerk && typeof clerk.username === 'string' && typeof clerk.displayName === 'string') {
        return { kind: 'ok', clerk: { username: clerk.username, displayName: clerk.displayName } };
      }
      return { kind: 'unreachable', reason: 'central answered 200 without a clerk' };
    }
    if (res.status === 401) {
      const code = (body as { code?: unknown } | undefined)?.code;
      // A 401 about the gateway's own credentials is a configuration problem, not the clerk's password.
      if (code !== undefined && code !== 'CG_AUTH_BAD_CREDENTIALS') {
        return { kind: 'unreachable', reason: `central refused the gateway (${String(code)})` };
      }
      return { kind: 'bad-credentials' };
    }
    if (res.status === 403) return { kind: 'forbidden' };
    if (res.status === 429) {
      const userMessage = (body as { userMessage?: unknown } | undefined)?.userMessage;
      return { kind: 'throttled', userMessage: typeof userMessage === 'string' ? userMessage : undefined };
    }
    return { kind: 'unreachable', reason: `central answered HTTP ${res.status}` };
  }

  private async remember(clerk: Clerk, password: string): Promise<void> {
    const hash = await hashPassword(password, { ...SCRYPT_DEFAULTS, N: this.opts.scryptN ?? SCRYPT_DEFAULTS.N });
    this.opts.db
      .prepare(
        `INSERT INTO clerk_cache (username, display_name, password_hash, verified_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(username) DO UPDATE SET display_name = excluded.display_name,
           password_hash = excluded.password_hash, verified_at = excluded.verified_at`,
      )
      .run(clerk.username, clerk.displayName, hash, new Date(this.now()).toISOString());
  }

  private async forgetIfMatches(username: string, password: string): Promise<void> {
    const row = this.opts.db.prepare('SELECT password_hash FROM clerk_cache WHERE username = ?').get(username) as
      | { password_hash: string }
      | undefined;
    if (row && (await verifyPassword(password, row.password_hash))) this.forget(username);
  }

  private forget(username: string): void {
    this.opts.db.prepare('DELETE FROM clerk_cache WHERE username = ?').run(username);
  }
}
