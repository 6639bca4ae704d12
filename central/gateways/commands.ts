import { randomUUID } from 'node:crypto';
import type { CommandResult } from '../../contract/messages.ts';
import { topics } from '../../contract/topics.ts';
import { CountergateError } from '../../lib/errors.ts';

export type Publish = (topic: string, payload: unknown, opts: { qos: 0 | 1; retain: boolean }) => Promise<void>;

interface Pending {
  key: string;
  resolve: (r: CommandResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const COMMAND_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * cmd/res over MQTT: publishes `{tx, args}` on `…/cmd/{name}` and resolves with the
 * `…/res/{name}` that echoes the same tx, or fails with CG_GATEWAY_TIMEOUT.
 */
export class CommandBus {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly publish: Publish) {}

  async command(
    office: string,
    counter: string,
    name: string,
    args: Record<string, unknown> = {},
    timeoutMs = 5000,
  ): Promise<CommandResult> {
    if (!COMMAND_NAME.test(name)) {
      throw new CountergateError('CG_GATEWAY_COMMAND_INVALID', `command name '${name}' is not valid`, {
        statusCode: 400,
        userMessage: '指令名稱不正確。',
      });
    }
    const tx = randomUUID();
    const key = `${office}/${counter}/${name}/${tx}`;
    const result = new Promise<CommandResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(tx);
        reject(
          new CountergateError(
            'CG_GATEWAY_TIMEOUT',
            `gateway ${office}/${counter} did not answer '${name}' within ${timeoutMs} ms`,
            { statusCode: 504, userMessage: '櫃檯設備沒有回應，請確認設備已連線。' },
          ),
        );
      }, timeoutMs);
      this.pending.set(tx, { key, resolve, reject, timer });
    });
    try {
      await this.publish(topics.cmd(office, counter, name), { tx, args }, { qos: 1, retain: false });
    } catch (err) {
      const p = this.pending.get(tx);
      if (p) {
        clearTimeout(p.timer);
        this.pending.delete(tx);
      }
      throw new CountergateError('CG_GATEWAY_UNREACHABLE', `cannot send '${name}' to ${office}/${counter}: ${(err as Error).message}`, {
        statusCode: 502,
        cause: err,
        userMessage: '無法傳送指令給櫃檯設備。',
      });
    }
    return result;
  }

  /** A `res` arrived: settles the matching command; answers for another topic are ignored. */
  onResult(office: string, counter: string, name: string, res: CommandResult): boolean {
    const p = this.pending.get(res.tx);
    if (!p || p.key !== `${office}/${counter}/${name}/${res.tx}`) return false;
    clearTimeout(p.timer);
    this.pending.delete(res.tx);
    p.resolve(res);
    return true;
  }

  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new CountergateError('CG_SHUTDOWN', 'central is shutting down', { statusCode: 503 }));
    }
    this.pending.clear();
  }
}
