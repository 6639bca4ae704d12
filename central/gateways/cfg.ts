import type { CounterConfig } from '../../contract/messages.ts';
import type { Database } from '../db/sqlite.ts';

export interface CounterCfgEntry {
  office: string;
  counter: string;
  cfg: CounterConfig;
}

/**
 * The retained `cfg` of every configured counter. Its version rises only when the content
 * changes, so that a gateway can tell "same settings again" from "new settings" and report
 * which version it applied.
 */
export function counterConfigs(db: Database, settings: { ratingWindowS: number; voicePrompt: boolean }): CounterCfgEntry[] {
  const body = { ratingWindowS: settings.ratingWindowS, voicePrompt: settings.voicePrompt };
  const json = JSON.stringify(body);
  const rows = db.prepare('SELECT office, id, cfg_version, cfg_json FROM counters ORDER BY office, id').all() as {
    office: string;
    id: string;
    cfg_version: number;
    cfg_json: string | null;
  }[];
  const bump = db.prepare('UPDATE counters SET cfg_version = ?, cfg_json = ? WHERE office = ? AND id = ?');
  return db.transaction(() =>
    rows.map((r) => {
      let version = r.cfg_version;
      if (r.cfg_json !== json || version < 1) {
        version += 1;
        bump.run(version, json, r.office, r.id);
      }
      return { office: r.office, counter: r.id, cfg: { version, ...body } };
    }),
  )();
}
