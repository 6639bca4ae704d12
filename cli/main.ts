/**
 * `countergate` — the command line contract of DESIGN-NOTES §4 (docs/ARCHITECTURE.md).
 * Each sub-command lives in its own module and is loaded only when used, so that
 * `countergate seal compare` does not pay for starting fastify or aedes.
 */
import { isCountergateError } from '../lib/errors.ts';

const USAGE = `usage:
  countergate central [--config FILE]
  countergate gateway [--config FILE]
  countergate demo [--counters N] [--port PORT]
  countergate seal compare --reference IMG --query IMG [--json] [--overlay OUT.png]
  countergate seal compare-batch FILE [--jobs N]`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  central: async () => (await import('./central.ts')).runCentral,
  gateway: async () => (await import('./gateway.ts')).runGateway,
  demo: async () => (await import('./demo.ts')).runDemo,
  seal: async () => (await import('./seal.ts')).runSeal,
};

// A reader that stops early (`| head`) closes the pipe: that ends the output, not in a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`countergate: unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (err) {
    if (isCountergateError(err)) {
      console.error(`countergate ${name}: ${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
