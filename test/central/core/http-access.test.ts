import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { assertOfficeAccess, requireUser } from '../../../central/http/auth.ts';
import { buildHttpServer } from '../../../central/http/server.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { basic, login, makeCore, makeHttp, PASSWORD, seedUsers, USERS, type Core } from './helpers.ts';

let core: Core;
let app: FastifyInstance;
const cookies: Record<string, string> = {};

test.before(async () => {
  core = await makeCore({
    // A gateway that answers every command at once.
    onPublish: (p, c) => {
      const m = /^cg\/v1\/([^/]+)\/([^/]+)\/cmd\/([^/]+)$/.exec(p.topic);
      if (!m) return;
      const { tx } = p.payload as { tx: string };
      setImmediate(() => c.gateways.commands.onResult(m[1]!, m[2]!, m[3]!, { tx, ok: true, result: { pong: true } }));
    },
  });
  await seedUsers(core);
  await core.accounts.createUser({ username: 'victim', displayName: '受測', role: 'clerk', office: 'o1', password: PASSWORD });
  app = await makeHttp(core);
  for (const u of USERS) cookies[u.username] = await login(app, u.username);
});

test.after(async () => {
  await app.close();
  core.db.close();
});

type Case = { method: 'GET' | 'POST'; url: string; allowed: string[]; body?: (role: string) => unknown; ok?: number };
const EVERYONE = USERS.map((u) => u.username);

const cases: Case[] = [
  { method: 'GET', url: '/api/me', allowed: EVERYONE },
  { method: 'GET', url: '/api/offices', allowed: EVERYONE },
  { method: 'GET', url: '/api/users', allowed: ['admin'] },
  {
    method: 'POST',
    url: '/api/users',
    allowed: ['admin'],
    ok: 201,
    body: (who) => ({ username: `new-${who}`, displayName: '新人', role: 'clerk', office: 'o1', password: PASSWORD }),
  },
  { method: 'POST', url: '/api/users/victim/disable', allowed: ['admin'] },
  { method: 'GET', url: '/api/gateways', allowed: ['admin'] },
  { method: 'POST', url: '/api/gateways', allowed: ['admin'], ok: 201, body: () => ({ office: 'o1', counter: 'c01', role: 'counter' }) },
  { method: 'POST', url: '/api/gateways/o1/c01/cmd/ping', allowed: ['admin'] },
  { method: 'POST', url: '/api/gateways/o1/c01/revoke', allowed: ['admin'] },
  { method: 'GET', url: '/api/audit', allowed: ['aud', 'admin'] },
];

test('every core route: 401 without a session, 403 for a wrong role, success for the allowed ones', async () => {
  for (const c of cases) {
    const anon = await app.inject({ method: c.method, url: c.url, payload: c.body?.('anon') as object | undefined });
    assert.is(anon.statusCode, 401, `${c.method} ${c.url} anonymous`);
    assert.is(anon.json().code, 'CG_AUTH_REQUIRED');
    const bogus = await app.inject({ method: c.method, url: c.url, headers: { cookie: 'cg_session=' + 'x'.repeat(43) } });
    assert.is(bogus.statusCode, 401, `${c.method} ${c.url} forged cookie`);
    // Forbidden roles first: they must not change anything the allowed call relies on.
    for (const who of EVERYONE.filter((u) => !c.allowed.includes(u))) {
      const res = await app.inject({ method: c.method, url: c.url, headers: { cookie: cookies[who] }, payload: c.body?.(who) as object | undefined });
      assert.is(res.statusCode, 403, `${c.method} ${c.url} as ${who}`);
      assert.is(res.json().code, 'CG_AUTH_FORBIDDEN');
      assert.type(res.json().userMessage, 'string');
    }
    for (const who of c.allowed) {
      const res = await app.inject({ method: c.method, url: c.url, headers: { cookie: cookies[who] }, payload: c.body?.(who) as object | undefined });
      assert.is(res.statusCode, c.ok ?? 200, `${c.method} ${c.url} as ${who}: ${res.body}`);
    }
  }
});

test('office staff see only their own office; city-wide roles see all', async () => {
  const ids = async (who: string) =>
    (await app.inject({ url: '/api/offices', headers: { cookie: cookies[who] } })).json().offices.map((o: { id: string }) => o.id);
  assert.equal(await ids('sup1'), ['o1']);
  assert.equal(await ids('clerk2'), ['o2']);
  assert.equal(await ids('admin'), ['o1', 'o2']);
  assert.equal(await ids('aud'), ['o1', 'o2']);
  const o1 = (await app.inject({ url: '/api/offices', headers: { cookie: cookies.sup1 } })).json().offices[0];
  assert.equal(o1.counters.map((c: { id: string }) => c.id), ['c01', 'c02']);
});

test('requireUser and assertOfficeAccess work in another room plugin without extra wiring', async () => {
  const app2 = await buildHttpServer({ ...core, logger: silentLogger });
  await app2.register(async (child) => {
    child.get<{ Querystring: { office: string } }>(
      '/api/foreign',
      { preHandler: requireUser('supervisor', 'it-admin') },
      async (request) => {
        assertOfficeAccess(request.user, request.query.office);
        return { who: request.user.username, office: request.user.office };
      },
    );
    child.get('/api/boom', async () => {
      throw new Error('SQLITE_CORRUPT at /var/secret/path');
    });
  });
  await app2.ready();
  try {
    const get = (who: string | null, office: string) =>
      app2.inject({ url: `/api/foreign?office=${office}`, headers: who ? { cookie: cookies[who] } : {} });
    assert.is((await get(null, 'o1')).statusCode, 401);
    assert.is((await get('clerk1', 'o1')).statusCode, 403);
    assert.equal((await get('sup1', 'o1')).json(), { who: 'sup1', office: 'o1' });
    const other = await get('sup1', 'o2');
    assert.is(other.statusCode, 403);
    assert.is(other.json().code, 'CG_AUTH_OFFICE');
    assert.is((await get('admin', 'o2')).statusCode, 200);
    const boom = await app2.inject({ url: '/api/boom' });
    assert.is(boom.statusCode, 500);
    assert.equal(Object.keys(boom.json()).sort(), ['code', 'message', 'userMessage']);
    assert.is(boom.json().code, 'CG_INTERNAL');
    assert.not.ok(boom.body.includes('secret'), 'no internals in the answer');
  } finally {
    await app2.close();
  }
});

test('login sets an HttpOnly SameSite=Strict cookie; logout ends the session', async () => {
  const res = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'sup2', password: PASSWORD } });
  assert.is(res.statusCode, 200);
  assert.equal(res.json().user, { username: 'sup2', displayName: '主管二', role: 'supervisor', office: 'o2' });
  const c = res.cookies.find((x) => x.name === 'cg_session');
  assert.ok(c);
  assert.is(c.httpOnly, true);
  assert.is(c.sameSite, 'Strict');
  assert.is(c.path, '/');
  assert.not.ok(res.body.includes('scrypt'), 'no hash in the answer');
  const cookie = `cg_session=${c.value}`;
  assert.is((await app.inject({ url: '/api/me', headers: { cookie } })).json().user.username, 'sup2');
  const out = await app.inject({ method: 'POST', url: '/api/logout', headers: { cookie } });
  assert.is(out.statusCode, 200);
  const cleared = out.cookies.find((x) => x.name === 'cg_session');
  assert.ok(cleared && (cleared.value === '' || (cleared.expires && cleared.expires.getTime() < Date.now())));
  assert.is((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode, 401);
});

test('login errors: wrong password 401 CG_AUTH_BAD_CREDENTIALS; malformed body 400 naming the field', async () => {
  const bad = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'sup1', password: 'nope-nope' } });
  assert.is(bad.statusCode, 401);
  assert.is(bad.json().code, 'CG_AUTH_BAD_CREDENTIALS');
  assert.ok(bad.json().userMessage.includes('密碼'));
  assert.is(bad.cookies.length, 0);
  const missing = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'sup1' } });
  assert.is(missing.statusCode, 400);
  assert.is(missing.json().code, 'CG_BAD_REQUEST');
  assert.match(missing.json().message, 'password');
  const extra = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'sup1', password: 'x', admin: true } });
  assert.is(extra.statusCode, 400);
  assert.match(extra.json().message, 'admin');
  const notFound = await app.inject({ url: '/api/nothing-here' });
  assert.is(notFound.statusCode, 404);
  assert.is(notFound.json().code, 'CG_NOT_FOUND');
});

test('API answers carry no-store and nosniff headers', async () => {
  const res = await app.inject({ url: '/api/me', headers: { cookie: cookies.admin } });
  assert.is(res.headers['cache-control'], 'no-store');
  assert.is(res.headers['x-content-type-options'], 'nosniff');
  assert.is(res.headers['x-frame-options'], 'DENY');
});

test('users: it-admin creates an account that can sign in, and disabling it ends its session', async () => {
  const created = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { cookie: cookies.admin },
    payload: { username: 'chen', displayName: '陳主管', role: 'supervisor', office: 'o2', password: 'another-pass-1' },
  });
  assert.is(created.statusCode, 201);
  assert.not.ok(created.body.includes('scrypt'));
  const cookie = await login(app, 'chen', 'another-pass-1');
  const dis = await app.inject({ method: 'POST', url: '/api/users/chen/disable', headers: { cookie: cookies.admin } });
  assert.is(dis.json().user.disabled, true);
  assert.is((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode, 401);
  const list = (await app.inject({ url: '/api/users', headers: { cookie: cookies.admin } })).json().users;
  assert.ok(list.some((u: { username: string; disabled: boolean }) => u.username === 'chen' && u.disabled));
  assert.not.ok(JSON.stringify(list).includes('scrypt'), 'no hashes in the list');
  const bad = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { cookie: cookies.admin },
    payload: { username: 'x1', displayName: 'x', role: 'root', office: null, password: 'another-pass-1' },
  });
  assert.is(bad.statusCode, 400);
});

test('audit: records of logins and account changes, filtered by actor and action', async () => {
  const res = await app.inject({ url: '/api/audit?action=login&actor=sup1', headers: { cookie: cookies.aud } });
  const records = res.json().records as { actor: string; action: string }[];
  assert.ok(records.length >= 1);
  assert.ok(records.every((r) => r.actor === 'sup1' && r.action === 'login'));
  const creates = (await app.inject({ url: '/api/audit?action=user.create&actor=admin', headers: { cookie: cookies.admin } })).json().records;
  assert.ok(creates.some((r: { subject: string }) => r.subject === 'chen'));
  const future = (await app.inject({ url: '/api/audit?from=2999-01-01', headers: { cookie: cookies.aud } })).json().records;
  assert.equal(future, []);
  const badDate = await app.inject({ url: '/api/audit?from=yesterday', headers: { cookie: cookies.aud } });
  assert.is(badDate.statusCode, 400);
});

test('gateways: provisioning shows the secret once and rotating revokes the old one; commands reach the gateway', async () => {
  const first = await app.inject({ method: 'POST', url: '/api/gateways', headers: { cookie: cookies.admin }, payload: { office: 'o1', counter: 'c02' } });
  const creds = first.json() as { username: string; password: string };
  assert.is(creds.username, 'gw-o1-c02');
  assert.ok(Buffer.from(creds.password, 'base64url').length === 32);
  assert.ok(core.registry.verify(creds.username, creds.password));
  const list = (await app.inject({ url: '/api/gateways', headers: { cookie: cookies.admin } })).json().gateways;
  assert.not.ok(JSON.stringify(list).includes(creds.password), 'the list never shows secrets');
  assert.not.ok(JSON.stringify(list).includes('secret'), 'nor their hashes');
  const again = (await app.inject({ method: 'POST', url: '/api/gateways', headers: { cookie: cookies.admin }, payload: { office: 'o1', counter: 'c02' } })).json();
  assert.is(core.registry.verify(creds.username, creds.password), null, 'old secret no longer works');
  assert.ok(core.registry.verify(again.username, again.password));
  assert.ok(core.disconnected.includes('gw-o1-c02'), 'live connections with the old secret are dropped');
  const unknown = await app.inject({ method: 'POST', url: '/api/gateways', headers: { cookie: cookies.admin }, payload: { office: 'o9', counter: 'c01' } });
  assert.is(unknown.statusCode, 400);
  assert.is(unknown.json().code, 'CG_OFFICE_UNKNOWN');
  const cmd = await app.inject({ method: 'POST', url: '/api/gateways/o1/c02/cmd/ping', headers: { cookie: cookies.admin }, payload: {} });
  assert.equal(cmd.json(), { result: { tx: cmd.json().result.tx, ok: true, result: { pong: true } } });
  const none = await app.inject({ method: 'POST', url: '/api/gateways/o2/c01/cmd/ping', headers: { cookie: cookies.admin }, payload: {} });
  assert.is(none.statusCode, 404);
  assert.is(none.json().code, 'CG_GATEWAY_NOT_FOUND');
});

test('clerk sign-in at a counter: only the gateway (HTTP Basic), only active clerks of its office, audited', async () => {
  const gw = core.gateways.provision('o1', 'c02', 'counter');
  if (!core.accounts.getUser('victim')?.disabled) core.accounts.disableUser('victim', 'admin');
  const station = core.gateways.provision('o1', 'alarm', 'alarm-station');
  const signIn = (auth: string | undefined, username: string, password = PASSWORD) =>
    app.inject({
      method: 'POST',
      url: '/api/counter/clerk-sign-in',
      headers: auth ? { authorization: auth } : {},
      payload: { username, password },
    });
  const ok = await signIn(basic(gw.username, gw.password), 'clerk1');
  assert.is(ok.statusCode, 200);
  assert.equal(ok.json(), { clerk: { username: 'clerk1', displayName: '王小明' } });
  for (const [auth, code] of [
    [undefined, 'CG_GATEWAY_AUTH'],
    [basic(gw.username, 'wrong'), 'CG_GATEWAY_AUTH'],
    [basic(station.username, station.password), 'CG_GATEWAY_AUTH'],
  ] as const) {
    const res = await signIn(auth, 'clerk1');
    assert.is(res.statusCode, 401);
    assert.is(res.json().code, code);
  }
  const withCookie = await app.inject({
    method: 'POST',
    url: '/api/counter/clerk-sign-in',
    headers: { cookie: cookies.admin },
    payload: { username: 'clerk1', password: PASSWORD },
  });
  assert.is(withCookie.statusCode, 401, 'a person session is not a gateway');
  assert.is((await signIn(basic(gw.username, gw.password), 'clerk2')).json().code, 'CG_CLERK_NOT_HERE');
  assert.is((await signIn(basic(gw.username, gw.password), 'sup1')).statusCode, 403);
  assert.is((await signIn(basic(gw.username, gw.password), 'clerk1', 'bad-password')).statusCode, 401);
  assert.is((await signIn(basic(gw.username, gw.password), 'victim')).statusCode, 401, 'disabled clerk');
  const audit = core.audit.query({ action: 'counter.sign-in' });
  assert.equal(audit[0]?.detail, { office: 'o1', counter: 'c02', gateway: 'gw-o1-c02' });
  const failures = core.audit.query({ action: 'counter.sign-in.failed' }).map((r) => r.detail?.reason);
  assert.ok(failures.includes('not-a-clerk-here') && failures.includes('bad-credentials'));
  core.gateways.revoke('o1', 'c02');
  assert.is((await signIn(basic(gw.username, gw.password), 'clerk1')).statusCode, 401, 'revoked gateway');
});

test('clerk sign-in at a counter is throttled like the browser sign-in', async () => {
  const gw = core.gateways.provision('o1', 'c01', 'counter');
  const signIn = (password: string) =>
    app.inject({
      method: 'POST',
      url: '/api/counter/clerk-sign-in',
      headers: { authorization: basic(gw.username, gw.password) },
      payload: { username: 'clerk1', password },
    });
  for (let i = 0; i < 10; i++) assert.is((await signIn('guess-' + i)).statusCode, 401);
  const blocked = await signIn(PASSWORD);
  assert.is(blocked.statusCode, 429, 'even the right password waits once guessing was seen');
  assert.is(blocked.json().code, 'CG_AUTH_THROTTLED');
  const reasons = core.audit.query({ action: 'counter.sign-in.failed' }).map((r) => r.detail?.reason);
  assert.ok(reasons.includes('throttled'));
});

test.run();
