import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../lib/logger.ts';
import type { CounterController, CounterStatus } from './controller.ts';

/**
 * What /ws sends: the whole status on connect and on every change. `now` is the gateway's
 * clock, so a screen whose own clock drifts still counts the rating window down correctly.
 */
export interface StatusMessage {
  type: 'status';
  status: CounterStatus;
  now: string;
}

export function statusMessage(status: CounterStatus): string {
  const msg: StatusMessage = { type: 'status', status, now: new Date().toISOString() };
  return JSON.stringify(msg);
}

export function registerStatusSocket(app: FastifyInstance, controller: CounterController, logger: Logger): void {
  // Closing the server must detach it from the controller at once, not when sockets drain.
  const subscriptions = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const unsubscribe of subscriptions) unsubscribe();
    subscriptions.clear();
  });
  app.get('/ws', { websocket: true }, (socket) => {
    const send = (status: CounterStatus) => {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(statusMessage(status), (err) => {
        if (err) logger.debug({ err }, 'status push to a kiosk screen failed');
      });
    };
    const unsubscribe = controller.onStatus(send);
    subscriptions.add(unsubscribe);
    socket.on('close', () => {
      unsubscribe();
      subscriptions.delete(unsubscribe);
    });
    socket.on('error', (err) => logger.debug({ err }, 'kiosk websocket error'));
    // The screens only listen; anything they send is ignored.
    send(controller.status());
  });
}
