import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClerkAuth } from '../../gateway/clerk-auth.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { openGatewayDb } from '../../gateway/db.ts';
import { isCountergateError, type CountergateError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';
import { freePort, startCentralStandIn } from './helpers.ts';

const GW = { username: 'gw-o1-c1', password: 'gateway-secret' };
const CLERKS = {
  ann: { password: 'ann-pw', displayName: '王安' },
  bob: { password: 'bob-pw', displayName: '李博' },
  eve: { password: 'eve-pw', displayName: '林伊', ofThisOffice: false },
};

async function rejection(p: Promise<unknown>): Promise<CountergateError> {
  try {
    await p;
  } catch (err) {
    if (isCountergateError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

function auth(url: string, db = openGatewayDb(':memory:'), gateway = GW) {
  return {
    db,
    auth: new ClerkAuth({
      db,
      centralHttpUrl: url,
      gatewayUsername: gateway.username,
      gatewayPassword: gateway.password,
      timeoutMs: 1000,
      logger: silentLogger,
    }),
  };
}

test('scrypt hash format scrypt$N$r$p$salt$hash verifies only the right password', async () => {
  const h = await hashPassword('秘密 pw');
  assert.match(h, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
  assert.ok(await verifyPassword('秘密 pw', h));
  assert.not.ok(await verifyPassword('秘密 pW', h));
  assert.not.ok(await verifyPassword('x', 'plain'));
});

test('online: central decides (HTTP Basic with the gateway credentials); wrong password → 帳號或密碼錯誤', async () => {
  const central = await startCentralStandIn({ gateway: GW, clerks: CLERKS });
  try {
    const { auth: a, db } = auth(central.url);
    assert.equal(await a.verify('ann', 'ann-pw'), { clerk: { username: 'ann', displayName: '王安' }, via: 'central' });
    const bad = await rejection(a.verify('ann', 'nope'));
    assert.is(bad.code, 'CG_AUTH_BAD_CREDENTIALS');
    assert.is(bad.statusCode, 401);
    assert.is(bad.userMessage, '帳號或密碼錯誤');
    const forbidden = await rejection(a.verify('eve', 'eve-pw'));
    assert.is(forbidden.code, 'CG_AUTH_FORBIDDEN');
    assert.is(forbidden.statusCode, 403);
    const cached = db.prepare('SELECT username, password_hash FROM clerk_cache').all() as Array<{ username: string; password_hash: string }>;
    assert.equal(cached.map((r) => r.username), ['ann'], 'only successful sign-ins are cached');
    assert.not.match(cached[0]?.password_hash ?? '', /ann-pw/, 'the password itself is never stored');
  } finally {
    await central.close();
  }
});

test('offline: clerks who signed in here before can sign in with the cached hash; others cannot', async () => {
  const port = await freePort();
  const central = await startCentralStandIn({ gateway: GW, clerks: CLERKS, port });
  const { auth: a } = auth(central.url);
  await a.verify('ann', 'ann-pw');
  await central.close();

  assert.equal(await a.verify('ann', 'ann-pw'), { clerk: { username: 'ann', displayName: '王安' }, via: 'cache' });
  const wrong = await rejection(a.verify('ann', 'ann-PW'));
  assert.is(wrong.code, 'CG_AUTH_BAD_CREDENTIALS');
  assert.is(wrong.userMessage, '帳號或密碼錯誤');
  const stranger = await rejection(a.verify('bob', 'bob-pw'));
  assert.is(stranger.code, 'CG_AUTH_CENTRAL_UNREACHABLE');
  assert.is(stranger.statusCode, 503);
  assert.match(stranger.userMessage, /未曾在本櫃檯登入/);
});

test('a password central no longer accepts stops working offline; a clerk moved away loses the cache', async () => {
  const port = await freePort();
  const clerks = { ann: { ...CLERKS.ann }, bob: { ...CLERKS.bob } as { password: string; displayName: string; ofThisOffice?: boolean } };
  let central = await startCentralStandIn({ gateway: GW, clerks, port });
  const { auth: a } = auth(central.url);
  await a.verify('ann', 'ann-pw');
  await a.verify('bob', 'bob-pw');
  clerks.ann.password = 'changed';
  clerks.bob.ofThisOffice = false;
  assert.is((await rejection(a.verify('ann', 'ann-pw'))).code, 'CG_AUTH_BAD_CREDENTIALS');
  assert.is((await rejection(a.verify('bob', 'bob-pw'))).code, 'CG_AUTH_FORBIDDEN');
  await central.close();
  assert.is((await rejection(a.verify('ann', 'ann-pw'))).code, 'CG_AUTH_CENTRAL_UNREACHABLE');
  assert.is((await rejection(a.verify('bob', 'bob-pw'))).code, 'CG_AUTH_CENTRAL_UNREACHABLE');
  central = await startCentralStandIn({ gateway: GW, clerks, port });
  assert.is((await a.verify('ann', 'changed')).via, 'central');
  await central.close();
});

test('wrong gateway credentials are not taken for a wrong clerk password', async () => {
  const central = await startCentralStandIn({ gateway: GW, clerks: CLERKS });
  try {
    const { auth: a } = auth(central.url, undefined, { username: GW.username, password: 'stale' });
    const err = await rejection(a.verify('ann', 'ann-pw'));
    assert.is(err.code, 'CG_AUTH_CENTRAL_UNREACHABLE');
    assert.match(err.message, /CG_AUTH_REQUIRED/);
  } finally {
    await central.close();
  }
});

test('empty or oversized input is refused before asking central', async () => {
  const central = await startCentralStandIn({ gateway: GW, clerks: CLERKS });
  try {
    const { auth: a } = auth(central.url);
    assert.is((await rejection(a.verify('', 'x'))).code, 'CG_AUTH_BAD_CREDENTIALS');
    assert.is((await rejection(a.verify('ann', ''))).code, 'CG_AUTH_BAD_CREDENTIALS');
    assert.is((await rejection(a.verify('a'.repeat(65), 'x'))).code, 'CG_AUTH_BAD_CREDENTIALS');
    assert.is(central.calls, 0);
  } finally {
    await central.close();
  }
});

test.run();
