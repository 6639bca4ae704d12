import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startGateway } from '../../gateway/app.ts';
import { silentLogger } from '../../lib/logger.ts';
import { gatewayConfig, tempDir } from './helpers.ts';

function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/status`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('config http.allowedHosts lets a resident tablet on the LAN reach the kiosk; other names are refused', async () => {
  const config = gatewayConfig({
    office: 'o9',
    counter: 'c1',
    mqttUrl: 'mqtt://127.0.0.1:1', // no broker: the kiosk works offline too
    httpUrl: 'http://127.0.0.1:1',
    dataDir: tempDir('hosts'),
  });
  config.http.allowedHosts = ['kiosk-c1.office.lan'];
  const gw = await startGateway(config, { logger: silentLogger, reconnect: { minMs: 1000, maxMs: 1000 } });
  try {
    const port = new URL(gw.httpUrl).port;
    assert.is(await statusWithHost(gw.httpUrl, `localhost:${port}`), 200);
    assert.is(await statusWithHost(gw.httpUrl, `kiosk-c1.office.lan:${port}`), 200);
    assert.is(await statusWithHost(gw.httpUrl, `evil.example:${port}`), 403);
  } finally {
    await gw.close();
  }
});

test.run();
