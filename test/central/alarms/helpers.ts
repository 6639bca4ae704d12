import { AlarmViewSchema, type AlarmView, type RatingEvent } from '../../../contract/messages.ts';
import type { RatingLevel } from '../../../contract/ratings.ts';
import { Validator } from '../../../contract/validate.ts';

const alarmView = new Validator(AlarmViewSchema);

export function alarmViewValidatorOk(v: AlarmView): boolean {
  return alarmView.is(v);
}

export function rating(level: RatingLevel, seq: number, ts: string, clerk = 'clerk1'): RatingEvent {
  return { id: `o1.c1.boot.${seq}`, seq, ts, clerk, caseId: `case-${seq}`, level, source: 'button', afterMs: 1200 };
}
