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
