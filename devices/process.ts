import { execFile, type ChildProcess } from 'node:child_process';

/** Keeps the last `max` characters of a stream, enough for an error message without unbounded growth. */
export class TextTail {
  private text = '';
  constructor(private readonly max = 400) {}

  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.max);
  }

  toString(): string {
    return this.text.trim();
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the child has exited, escalating to SIGKILL when SIGTERM is ignored. */
export function terminate(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('close', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Major version of a libgpiod tool (1 or 2) from `<tool> --version`, which prints
 * e.g. "gpiomon (libgpiod) v1.6.3". The two majors take different arguments and print
 * different formats, so drivers must know which one is installed.
 */
export function libgpiodMajor(executable: string, timeoutMs = 3000): Promise<1 | 2> {
  return new Promise((resolve, reject) => {
    execFile(executable, ['--version'], { timeout: timeoutMs }, (err, stdout) => {
      if (err) {
        reject(err);
        return;
      }
      const m = /\(libgpiod\)\s+v?(\d+)\./.exec(stdout);
      if (!m) {
        reject(new Error(`unrecognised version output: ${stdout.trim().slice(0, 100)}`));
        return;
      }
      resolve(Number(m[1]) >= 2 ? 2 : 1);
    });
  });
}
