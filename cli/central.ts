import { existsSync } from 'node:fs';
import { loadCentralConfig, parseConfig } from '../config/load.ts';
import { CentralConfigSchema } from '../config/schema.ts';
import { createLogger } from '../lib/logger.ts';
import { parseCommandArgs } from './args.ts';

const DEFAULT_CONFIG = 'config/central.json';
const USAGE = `usage: countergate central [--config FILE]   (default ${DEFAULT_CONFIG} if present, else built-in defaults)`;

/**
 * `countergate central [--config FILE]`: runs central until SIGINT or SIGTERM, then closes
 * HTTP, the broker and the database cleanly.
 */
export async function runCentral(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
    USAGE,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const file = values.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = file ? loadCentralConfig(file) : parseConfig(CentralConfigSchema, {}, 'built-in defaults');
  const logger = createLogger({ name: 'central', level: config.log.level, pretty: process.stdout.isTTY });
  const { startCentral } = await import('../central/app.ts');
  const central = await startCentral(config, { logger });
  console.log(`central  ${central.httpUrl}/`);
  console.log(`mqtt     ${central.mqttUrl}`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  await central.close();
  return 0;
}
