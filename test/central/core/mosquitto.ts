import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A private Mosquitto for one test file: its own port on 127.0.0.1, its own password and ACL
 * files in a temporary directory. Never the system's broker on 1883.
 */
export interface PrivateMosquitto {
  readonly port: number;
  readonly url: string;
  /** Writes a new acl_file and sends SIGHUP, as IT would after an export. */
  reloadAcl(acl: string): void;
  stop(): Promise<void>;
}

function which(bin: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${bin} || ls /usr/sbin/${bin} 2>/dev/null`], { encoding: 'utf8' });
  const path = r.stdout.trim().split('\n')[0];
  return path ? path : null;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });

export async function startMosquitto(opts: {
  acl: string;
  users: readonly { username: string; password: string }[];
}): Promise<PrivateMosquitto> {
  const mosquitto = which('mosquitto');
  const passwd = which('mosquitto_passwd');
  if (!mosquitto || !passwd) {
    throw new Error('the mosquitto and mosquitto_passwd binaries are required for this test: apt-get install mosquitto');
  }
  const dir = mkdtempSync(join(tmpdir(), 'cg-mosquitto-'));
  let proc: ChildProcess | null = null;
  let output = '';
  const stop = async () => {
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const p = proc;
      const exited = new Promise<void>((r) => p.once('exit', () => r()));
      p.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pwfile = join(dir, 'passwd');
    writeFileSync(pwfile, '', { mode: 0o600 });
    for (const u of opts.users) {
      const r = spawnSync(passwd, ['-b', pwfile, u.username, u.password], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`mosquitto_passwd failed for ${u.username}: ${r.stderr}`);
    }
    const aclfile = join(dir, 'acl');
    writeFileSync(aclfile, opts.acl, { mode: 0o600 });
    const port = await freePort();
    const conf = join(dir, 'mosquitto.conf');
    writeFileSync(
      conf,
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous false',
        `password_file ${pwfile}`,
        `acl_file ${aclfile}`,
        'persistence false',
        // As root Mosquitto would switch to user "mosquitto", who cannot read our 0700 directory.
        `user ${userInfo().username}`,
        'log_dest stderr',
        'log_type error',
        'log_type warning',
        '',
      ].join('\n'),
    );
    proc = spawn(mosquitto, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    for (let i = 0; i < 300; i++) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}): ${output}`);
      if (await accepts(port)) {
        const p = proc;
        const reloadAcl = (acl: string) => {
          writeFileSync(aclfile, acl, { mode: 0o600 });
          p.kill('SIGHUP');
        };
        return { port, url: `mqtt://127.0.0.1:${port}`, reloadAcl, stop };
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`mosquitto did not accept connections on ${port}: ${output}`);
  } catch (err) {
    await stop();
    throw err;
  }
}
