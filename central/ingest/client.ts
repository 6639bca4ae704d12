import mqtt, { type MqttClient } from 'mqtt';
import { CountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';

/**
 * Central's own MQTT client. A persistent session (clean: false, fixed client id) lets an
 * external broker keep QoS 1 events for central while it restarts.
 */
export async function connectCentralClient(opts: {
  url: string;
  username?: string;
  password?: string;
  clientId: string;
  logger: Logger;
  connectTimeoutMs?: number;
}): Promise<MqttClient> {
  const log = opts.logger.child({ component: 'mqtt-client' });
  const client = mqtt.connect(opts.url, {
    clientId: opts.clientId,
    username: opts.username,
    password: opts.password,
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
    protocolVersion: 4,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no connection within ${opts.connectTimeoutMs ?? 10_000} ms`)),
        opts.connectTimeoutMs ?? 10_000,
      );
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      client.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  } catch (err) {
    client.end(true);
    throw new CountergateError('CG_MQTT_CONNECT', `central cannot connect to the MQTT broker ${opts.url}: ${(err as Error).message}`, {
      cause: err,
      statusCode: 503,
    });
  }
  client.on('error', (err) => log.error({ err: err.message }, 'MQTT client error'));
  client.on('offline', () => log.warn('MQTT client offline; reconnecting'));
  client.on('reconnect', () => log.debug('MQTT client reconnecting'));
  return client;
}
