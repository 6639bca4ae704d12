import { connect, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/logger.ts';
import { startGatewayHttp } from '../../gateway/http/server.ts';
import { FakeCounter } from './http-fake-controller.ts';

const upgradeRequest = (port: number): string =>
  `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

// A screen whose browser has frozen keeps its TCP connection but never answers the WebSocket
// close; ws would wait 30 s for it, and a socket nobody ends would hold close() for ever.
test('a screen that never answers the close does not hold the gateway HTTP server open', async () => {
  const fake = new FakeCounter();
  const server = await startGatewayHttp({ controller: fake, host: '127.0.0.1', port: 0, logger: silentLogger });
  const port = Number(new URL(server.url).port);
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  const ended = new Promise<void>((r) => socket.once('close', () => r()));
  try {
    await new Promise((r) => socket.once('connect', r));
    socket.write(upgradeRequest(port));
    for (let i = 0; i < 100 && !received.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(received, /^HTTP\/1.1 101 /, 'the screen is connected');
    const started = Date.now();
    await server.close();
    const tookMs = Date.now() - started;
    assert.ok(tookMs < 10_000, `close() took ${tookMs} ms`);
    await ended;
  } finally {
    socket.destroy();
    fake.close();
  }
});

test.run();
