import { existsSync } from 'node:fs';
import { loadGatewayConfig } from '../config/load.ts';
import { CountergateError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { parseCommandArgs } from './args.ts';

const USAGE = 'usage: countergate gateway [--config FILE]   (default: config/gateway.json)';

/**
 * `countergate gateway [--config FILE]`: runs one counter box (or alarm station) until SIGINT
 * or SIGTERM, then closes cleanly: state online:false is published, the outbox keeps whatever
 * was not yet acknowledged for the next start.
 */
export async function runGateway(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new CountergateError('CG_CLI_USAGE', `unexpected argument '${positionals[0]}'\n${USAGE}`);
  const file = values.config ?? 'config/gateway.json';
  if (!existsSync(file)) {
    throw new CountergateError(
      'CG_CONFIG_UNREADABLE',
      `configuration ${file} not found; copy config/gateway.example.json (or alarm-station.example.json) and pass --config`,
    );
  }
  const config = loadGatewayConfig(file);
  const logger = createLogger({ name: 'gateway', level: config.log.level, pretty: process.stdout.isTTY });
  const { startGateway } = await import('../gateway/app.ts');
  const gateway = await startGateway(config, { logger });
  console.log(`countergate gateway ${config.office}/${config.counter}: kiosk at ${gateway.httpUrl}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'shutting down');
  await gateway.close();
  return 0;
}
