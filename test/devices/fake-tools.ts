/**
 * Writes stand-ins for gpiomon, gpioset and aplay into a temp dir. They speak the real tools'
 * protocol over the real transport (arguments in, lines on stdout/stderr, exit codes, signals),
 * so the drivers run unchanged; only the hardware behind them is missing.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class FakeTools {
  readonly dir = mkdtempSync(join(tmpdir(), 'cg-devices-'));

  path(name: string): string {
    return join(this.dir, name);
  }

  /** A shell script; `$LOG` in the body is a file the test can read back. */
  script(name: string, body: string): string {
    const file = this.path(name);
    writeFileSync(file, `#!/bin/sh\nLOG='${this.path(`${name}.log`)}'\nDIR='${this.dir}'\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  log(name: string): string[] {
    const file = this.path(`${name}.log`);
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Answers --version like libgpiod of the given version does. */
export function versionPreamble(tool: string, version: string): string {
  return `if [ "$1" = "--version" ] || [ "$1" = "-v" ]; then echo "${tool} (libgpiod) v${version}"; echo "Copyright (C) 2017-2023 Bartosz Golaszewski"; exit 0; fi`;
}

/** Polls until cond() holds; tests wait for processes without fixed sleeps. */
export async function waitFor(cond: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
