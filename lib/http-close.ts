import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Closing a fastify app waits until every connection has ended. A screen that never answers a
 * WebSocket close (a frozen kiosk browser: ws then waits 30 s), or any socket nobody ends,
 * would hold a gateway or central restart that long or for ever. Connections still open this
 * long after closing began are destroyed; clients reconnect on their own.
 */
export function closeConnectionsAfter(app: FastifyInstance, graceMs = 2000): void {
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  app.addHook('preClose', (done) => {
    const timer = setTimeout(() => {
      for (const socket of sockets) socket.destroy();
    }, graceMs);
    timer.unref();
    app.server.once('close', () => clearTimeout(timer));
    done();
  });
}
