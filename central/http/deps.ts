import type { Accounts } from '../accounts/accounts.ts';
import type { AuditLog } from '../accounts/audit.ts';
import type { Database } from '../db/sqlite.ts';
import type { Gateways } from '../gateways/gateways.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';

/** What central core's routes need. */
export interface CoreDeps {
  db: Database;
  accounts: Accounts;
  audit: AuditLog;
  registry: GatewayRegistry;
  gateways: Gateways;
  /** The MQTT user central connects as on an external broker (config `mqtt.username`), for the Mosquitto ACL export. */
  centralMqttUsername?: string | undefined;
}
