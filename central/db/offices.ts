import type { CentralConfig } from '../../config/schema.ts';
import type { Database } from './sqlite.ts';

export interface OfficeRow {
  id: string;
  name: string;
  counters: { id: string; name: string }[];
}

/**
 * Upserts the offices and counters of the configuration. Offices or counters that left the
 * configuration stay in the database: their events and accounts still refer to them.
 */
export function syncOffices(db: Database, offices: CentralConfig['offices']): void {
  const upsertOffice = db.prepare(
    `INSERT INTO offices (id, name, alarm_policy_json) VALUES (@id, @name, @policy)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, alarm_policy_json = excluded.alarm_policy_json`,
  );
  const upsertCounter = db.prepare(
    `INSERT INTO counters (office, id, name) VALUES (?, ?, ?)
     ON CONFLICT(office, id) DO UPDATE SET name = excluded.name`,
  );
  db.transaction(() => {
    for (const o of offices) {
      upsertOffice.run({ id: o.id, name: o.name, policy: o.alarms ? JSON.stringify(o.alarms) : null });
      for (const c of o.counters) upsertCounter.run(o.id, c.id, c.name);
    }
  })();
}

export function listOffices(db: Database, only?: string): OfficeRow[] {
  const offices = (
    only === undefined
      ? db.prepare('SELECT id, name FROM offices ORDER BY id').all()
      : db.prepare('SELECT id, name FROM offices WHERE id = ?').all(only)
  ) as { id: string; name: string }[];
  const counters = db.prepare('SELECT id, name FROM counters WHERE office = ? ORDER BY id');
  return offices.map((o) => ({ ...o, counters: counters.all(o.id) as { id: string; name: string }[] }));
}

export function officeExists(db: Database, office: string): boolean {
  return db.prepare('SELECT 1 FROM offices WHERE id = ?').get(office) !== undefined;
}

export function counterExists(db: Database, office: string, counter: string): boolean {
  return db.prepare('SELECT 1 FROM counters WHERE office = ? AND id = ?').get(office, counter) !== undefined;
}
