import type { AlarmPolicy, CentralConfig } from '../../config/schema.ts';
import { ALARM_SEVERITIES, RATING_LEVELS, type AlarmSeverity, type RatingLevel } from '../../contract/ratings.ts';

/** The alarm policy of one office, with the config's defaults filled in and 'none' removed. */
export interface ResolvedAlarmPolicy {
  /** Level → severity; a level that is absent raises no alarm. */
  rules: Partial<Record<RatingLevel, AlarmSeverity>>;
  /** Seconds without acknowledgement before each escalation step; 0 turns escalation off. */
  escalateAfterS: number;
  /** Presses within this many seconds of the open alarm's last update join that alarm. */
  burstWindowS: number;
}

/**
 * Lays an office's `alarms` over the city defaults. Rules merge level by level, so an office
 * can switch one level off (`'none'`) or add `no-opinion → minor` while keeping the others.
 */
export function resolvePolicy(defaults: CentralConfig['alarms'], office?: AlarmPolicy | null): ResolvedAlarmPolicy {
  const merged = { ...defaults.rules, ...(office?.rules ?? {}) };
  const rules: Partial<Record<RatingLevel, AlarmSeverity>> = {};
  for (const level of RATING_LEVELS) {
    const s = merged[level];
    if (s !== undefined && s !== 'none') rules[level] = s;
  }
  return {
    rules,
    escalateAfterS: office?.escalateAfterS ?? defaults.escalateAfterS,
    burstWindowS: office?.burstWindowS ?? defaults.burstWindowS,
  };
}

/** critical > major > minor. */
export function worseSeverity(a: AlarmSeverity, b: AlarmSeverity): AlarmSeverity {
  return ALARM_SEVERITIES.indexOf(a) <= ALARM_SEVERITIES.indexOf(b) ? a : b;
}
