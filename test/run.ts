/**
 * Runs every test/**\/*.test.ts in one process with uvu (what uvu's own bin does, but with
 * tsx already loaded for ESM TypeScript). Optional argument: a substring to pick files.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('.', import.meta.url).pathname;
const filter = process.argv[2];

function collect(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return name === 'fixtures' ? [] : collect(full);
      return name.endsWith('.test.ts') ? [full] : [];
    });
}

/**
 * uvu has no time limit, so a test waiting on something that never comes would hold CI until
 * its own limit ends it, with no word of where. uvu writes a mark as each test ends: when none
 * has come for this long, name the file that stalled and fail the run.
 */
const STALL_MS = Number(process.env.CG_TEST_STALL_MS ?? 240_000);
let lastOutputAt = Date.now();
let currentFile = '';
const writeOut = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array) => boolean;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  lastOutputAt = Date.now();
  const file = /([\w./-]+\.test\.ts)/.exec(String(chunk));
  if (file) currentFile = file[1]!;
  return (writeOut as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;
const watchdog = setInterval(() => {
  if (Date.now() - lastOutputAt < STALL_MS) return;
  process.stderr.write(`\n\nSTALLED: no test ended for ${STALL_MS / 1000} s while running ${currentFile || 'the test files'}; failing the run.\n`);
  process.stderr.write(`still waiting on: ${process.getActiveResourcesInfo().join(', ')}\n`);
  process.exit(2);
}, 1000);
watchdog.unref();

const files = collect(root).filter((f) => !filter || relative(root, f).includes(filter));
(globalThis as { UVU_DEFER?: number }).UVU_DEFER = 1;
const { exec } = (await import('uvu')) as unknown as { exec: (bail?: boolean) => Promise<void> };
const g = globalThis as { UVU_QUEUE?: unknown[][]; UVU_INDEX?: number };
for (const [index, file] of files.entries()) {
  g.UVU_INDEX = index;
  g.UVU_QUEUE?.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}
await exec(false);
// Servers and brokers left open by a failing test must not keep CI waiting.
process.exit(process.exitCode ?? 0);
