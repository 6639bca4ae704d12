import type { Logger } from '../../lib/logger.ts';
import type { Accounts } from './accounts.ts';
import { randomToken } from '../../lib/passwords.ts';

/**
 * First start only (no account at all): creates the IT administrator. The password comes from
 * the caller or the environment variable the config names; without either a random one is
 * generated and logged once, because otherwise nobody could ever sign in.
 */
export async function bootstrapAdmin(
  accounts: Accounts,
  cfg: { username: string; passwordEnv: string },
  opts: { adminPassword?: string; env?: NodeJS.ProcessEnv; logger: Logger },
): Promise<{ created: boolean; generatedPassword?: string }> {
  if (accounts.count() > 0) return { created: false };
  const env = opts.env ?? process.env;
  const given = opts.adminPassword ?? env[cfg.passwordEnv];
  const password = given !== undefined && given !== '' ? given : randomToken(12);
  await accounts.createUser(
    { username: cfg.username, displayName: '系統管理員', role: 'it-admin', office: null, password },
    'system',
  );
  if (given === undefined || given === '') {
    opts.logger.warn(
      { username: cfg.username, password },
      `created the first IT administrator '${cfg.username}' with a generated password (shown once; set ${cfg.passwordEnv} to choose it)`,
    );
    return { created: true, generatedPassword: password };
  }
  opts.logger.info({ username: cfg.username }, 'created the first IT administrator');
  return { created: true };
}
