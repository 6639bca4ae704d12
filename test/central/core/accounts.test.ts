import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Accounts } from '../../../central/accounts/accounts.ts';
import { hashPassword, verifyPassword } from '../../../lib/passwords.ts';
import { bootstrapAdmin } from '../../../central/accounts/bootstrap.ts';
import { LoginThrottle } from '../../../central/accounts/throttle.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { makeCore, PASSWORD, seedUsers } from './helpers.ts';

test('scrypt hashes are salted, in the documented format, and verify only the right password', async () => {
  const a = await hashPassword('s3cret-pass');
  const b = await hashPassword('s3cret-pass');
  assert.match(a, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.is.not(a, b, 'same password, different salt');
  assert.ok(await verifyPassword('s3cret-pass', a));
  assert.not.ok(await verifyPassword('s3cret-pasS', a));
  assert.not.ok(await verifyPassword('s3cret-pass', 'plain'), 'malformed hash never matches');
  assert.not.ok(await verifyPassword('s3cret-pass', 'scrypt$99999999$8$1$AAAA$AAAA'));
});

test('createUser checks office membership by role and refuses duplicates and weak passwords', async () => {
  const { accounts, audit } = await makeCore();
  const clerk = await accounts.createUser({ username: 'clerk1', displayName: '王', role: 'clerk', office: 'o1', password: PASSWORD }, 'admin');
  assert.equal(clerk, { username: 'clerk1', displayName: '王', role: 'clerk', office: 'o1', disabled: false, createdAt: clerk.createdAt });
  const codes: string[] = [];
  const attempt = async (u: Parameters<Accounts['createUser']>[0]) => {
    try {
      await accounts.createUser(u);
      codes.push('ok');
    } catch (err) {
      codes.push((err as { code: string }).code);
    }
  };
  await attempt({ username: 'clerk1', displayName: 'x', role: 'clerk', office: 'o1', password: PASSWORD });
  await attempt({ username: 'sup', displayName: 'x', role: 'supervisor', office: null, password: PASSWORD });
  await attempt({ username: 'aud', displayName: 'x', role: 'auditor', office: 'o1', password: PASSWORD });
  await attempt({ username: 'sup', displayName: 'x', role: 'supervisor', office: 'nowhere', password: PASSWORD });
  await attempt({ username: 'sup', displayName: 'x', role: 'supervisor', office: 'o1', password: 'short' });
  await attempt({ username: 'Bad Name', displayName: 'x', role: 'auditor', password: PASSWORD });
  assert.equal(codes, ['CG_USER_EXISTS', 'CG_USER_INVALID', 'CG_USER_INVALID', 'CG_OFFICE_UNKNOWN', 'CG_PASSWORD_WEAK', 'CG_USER_INVALID']);
  const row = audit.query({ action: 'user.create' });
  assert.is(row.length, 1);
  assert.is(row[0]?.actor, 'admin');
  assert.is(row[0]?.subject, 'clerk1');
});

test('login opens a session that resolves to the user; the token itself is not stored', async () => {
  const core = await makeCore();
  await seedUsers(core);
  const { token, user } = await core.accounts.login('sup1', PASSWORD, { ip: '10.0.0.5' });
  assert.equal(user, { username: 'sup1', displayName: '主管一', role: 'supervisor', office: 'o1' });
  assert.equal(core.accounts.userForSession(token), user);
  const stored = core.db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
  assert.is(stored.length, 1);
  assert.is.not(stored[0]?.token_hash, token);
  assert.not.ok(JSON.stringify(core.db.prepare('SELECT * FROM sessions').all()).includes(token));
  core.accounts.logout(token, 'sup1');
  assert.is(core.accounts.userForSession(token), null);
});

test('every login attempt is audited, success and failure, with the reason', async () => {
  const core = await makeCore();
  await seedUsers(core);
  await core.accounts.login('clerk1', PASSWORD, { ip: '10.0.0.9' });
  for (const [u, p] of [['clerk1', 'wrong-password'], ['ghost', PASSWORD]] as const) {
    try {
      await core.accounts.login(u, p);
      assert.unreachable('must fail');
    } catch (err) {
      assert.is((err as { code: string }).code, 'CG_AUTH_BAD_CREDENTIALS');
      assert.is((err as { statusCode: number }).statusCode, 401);
    }
  }
  const ok = core.audit.query({ action: 'login' });
  assert.is(ok.length, 1);
  assert.equal(ok[0]?.detail, { ip: '10.0.0.9' });
  const failed = core.audit.query({ action: 'login.failed' });
  assert.equal(failed.map((r) => [r.actor, r.detail?.reason]), [['ghost', 'unknown-user'], ['clerk1', 'bad-password']]);
});

test('disabling an account ends its sessions at once and blocks new logins', async () => {
  const core = await makeCore();
  await seedUsers(core);
  const { token } = await core.accounts.login('clerk1', PASSWORD);
  core.accounts.disableUser('clerk1', 'admin');
  assert.is(core.accounts.userForSession(token), null);
  assert.is(await core.accounts.verify('clerk1', PASSWORD), null);
  await core.accounts.login('clerk1', PASSWORD).then(
    () => assert.unreachable('disabled account signed in'),
    (err: { code: string }) => assert.is(err.code, 'CG_AUTH_BAD_CREDENTIALS'),
  );
  assert.is(core.audit.query({ action: 'login.failed' })[0]?.detail?.reason, 'disabled');
  assert.throws(() => core.accounts.disableUser('admin', 'admin'), (e: { code: string }) => e.code === 'CG_USER_SELF');
});

test('sessions expire after their lifetime', async () => {
  const core = await makeCore();
  await seedUsers(core);
  let now = Date.parse('2026-03-01T08:00:00Z');
  const accounts = new Accounts(core.db, core.audit, { now: () => now, sessionTtlMs: 60_000 });
  const { token } = await accounts.login('sup1', PASSWORD);
  now += 59_000;
  assert.ok(accounts.userForSession(token));
  now += 2_000;
  assert.is(accounts.userForSession(token), null);
});

test('bootstrap admin: password from the env var, else generated and reported once; only on first start', async () => {
  const core = await makeCore();
  const cfg = { username: 'admin', passwordEnv: 'CG_TEST_ADMIN_PW' };
  const r1 = await bootstrapAdmin(core.accounts, cfg, { env: { CG_TEST_ADMIN_PW: 'from-the-env-1' }, logger: silentLogger });
  assert.equal(r1, { created: true });
  assert.is((await core.accounts.verify('admin', 'from-the-env-1'))?.role, 'it-admin');
  const r2 = await bootstrapAdmin(core.accounts, cfg, { env: { CG_TEST_ADMIN_PW: 'other-password' }, logger: silentLogger });
  assert.equal(r2, { created: false });

  const fresh = await makeCore();
  const r3 = await bootstrapAdmin(fresh.accounts, cfg, { env: {}, logger: silentLogger });
  assert.ok(r3.generatedPassword && r3.generatedPassword.length >= 12);
  assert.ok(await fresh.accounts.verify('admin', r3.generatedPassword as string));
});

test('password guessing is throttled per username and address; other addresses are not locked out', async () => {
  const core = await makeCore();
  await seedUsers(core);
  let now = Date.parse('2026-03-01T08:00:00Z');
  const accounts = new Accounts(core.db, core.audit, {
    now: () => now,
    throttle: new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now }),
  });
  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code: string }) => err.code);
  for (let i = 0; i < 3; i++) assert.is(await codeOf(accounts.login('sup1', 'guess-' + i, { ip: '10.0.0.66' })), 'CG_AUTH_BAD_CREDENTIALS');
  assert.is(await codeOf(accounts.login('sup1', PASSWORD, { ip: '10.0.0.66' })), 'CG_AUTH_THROTTLED', 'even the right password waits');
  assert.is(await codeOf(accounts.login('sup1', PASSWORD, { ip: '10.0.0.7' })), 'ok', 'the owner elsewhere still signs in');
  now += 61_000;
  assert.is(await codeOf(accounts.login('sup1', PASSWORD, { ip: '10.0.0.66' })), 'ok');
  assert.ok(core.audit.query({ action: 'login.failed' }).some((r) => r.detail?.reason === 'throttled'));
});

test.run();
