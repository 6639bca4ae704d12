/**
 * A clerk signs in at a counter against the real central: guessing is throttled by central,
 * and the counter's offline cache is no way round the throttle.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Central } from '../../central/app.ts';
import type { Gateway } from '../../gateway/app.ts';
import { addPeople, centralConfig, PASSWORD, startTestCentral, startTestGateway, tempDir, until } from './harness.ts';

const OFFICE = 'nantun';

async function code(p: Promise<unknown>): Promise<string | null> {
  return p.then(
    () => null,
    (err: { code?: string }) => err.code ?? 'no code',
  );
}

test('ten wrong passwords at a counter, then even the right one waits (429), cache or not', async () => {
  const dir = tempDir('cg-signin-');
  let central: Central | undefined;
  let gateway: Gateway | undefined;
  try {
    central = await startTestCentral(centralConfig(`${dir.path}/central`, OFFICE, ['c01']));
    await addPeople(central, OFFICE);
    gateway = await startTestGateway(central, central.gateways.provision(OFFICE, 'c01', 'counter'), {
      office: OFFICE,
      counter: 'c01',
      dataDir: `${dir.path}/c01`,
    });
    await until('online', () => gateway?.controller.status().online === true);
    // A first good sign-in leaves the clerk in this counter's offline cache.
    await gateway.controller.signIn('clerk01', PASSWORD);
    await gateway.controller.signOut();
    for (let i = 0; i < 10; i++) assert.is(await code(gateway.controller.signIn('clerk01', `guess-${i}`)), 'CG_AUTH_BAD_CREDENTIALS');
    assert.is(await code(gateway.controller.signIn('clerk01', PASSWORD)), 'CG_AUTH_THROTTLED');
    assert.is(gateway.controller.status().clerk, null);
  } finally {
    await gateway?.close();
    await central?.close();
    dir.remove();
  }
});

test.run();
