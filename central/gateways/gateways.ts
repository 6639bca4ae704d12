import type { CommandResult, GatewayRole } from '../../contract/messages.ts';
import { topics } from '../../contract/topics.ts';
import { CountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Database } from '../db/sqlite.ts';
import { counterConfigs, type CounterCfgEntry } from './cfg.ts';
import { CommandBus, type Publish } from './commands.ts';
import type { GatewayIdentity, GatewayRegistry, GatewayView } from './registry.ts';

export interface GatewaysDeps {
  db: Database;
  registry: GatewayRegistry;
  logger: Logger;
  publish: Publish;
  /** Drops live MQTT connections of a gateway whose credentials were rotated or revoked. */
  disconnect: (username: string) => void;
  settings: { ratingWindowS: number; voicePrompt: boolean };
}

/** What central offers about gateways (Central.gateways). */
export class Gateways {
  readonly commands: CommandBus;
  private cfgs = new Map<string, CounterCfgEntry>();

  constructor(private readonly deps: GatewaysDeps) {
    this.commands = new CommandBus(deps.publish);
  }

  /** Publishes the retained cfg of every configured counter (at start). */
  async publishAllConfigs(): Promise<void> {
    const entries = counterConfigs(this.deps.db, this.deps.settings);
    this.cfgs = new Map(entries.map((e) => [`${e.office}/${e.counter}`, e]));
    await Promise.all(entries.map((e) => this.publishCfg(e)));
  }

  private async publishCfg(e: CounterCfgEntry): Promise<void> {
    await this.deps.publish(topics.cfg(e.office, e.counter), e.cfg, { qos: 1, retain: true });
  }

  /** `{ username, password }`; the password is shown this once. Rotates if already provisioned. */
  provision(office: string, counter: string, role: GatewayRole, actor = 'system'): { username: string; password: string } {
    const creds = this.deps.registry.provision(office, counter, role, actor);
    this.deps.disconnect(creds.username);
    const entry = this.cfgs.get(`${office}/${counter}`);
    if (entry) {
      this.publishCfg(entry).catch((err: Error) =>
        this.deps.logger.warn({ err, office, counter }, 'could not publish cfg after provisioning'),
      );
    }
    return creds;
  }

  revoke(office: string, counter: string, actor = 'system'): GatewayIdentity {
    const id = this.deps.registry.revoke(office, counter, actor);
    this.deps.disconnect(id.username);
    return id;
  }

  list(): GatewayView[] {
    return this.deps.registry.list();
  }

  /** Sends a command and waits for its result (CG_GATEWAY_NOT_FOUND, CG_GATEWAY_OFFLINE, CG_GATEWAY_TIMEOUT). */
  async command(
    office: string,
    counter: string,
    name: string,
    args: Record<string, unknown> = {},
    timeoutMs = 5000,
  ): Promise<CommandResult> {
    const gw = this.deps.registry.get(office, counter);
    if (!gw || gw.revoked) throw this.deps.registry.notFound(office, counter);
    if (gw.status && !gw.status.online) {
      throw new CountergateError('CG_GATEWAY_OFFLINE', `gateway ${office}/${counter} is offline`, {
        statusCode: 409,
        userMessage: '櫃檯設備目前離線。',
      });
    }
    return this.commands.command(office, counter, name, args, timeoutMs);
  }

  close(): void {
    this.commands.close();
  }
}
