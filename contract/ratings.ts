import { Type, type Static } from '@sinclair/typebox';

/** The five buttons of the satisfaction box (seed 003), best first. */
export const RATING_LEVELS = [
  'very-satisfied',
  'satisfied',
  'no-opinion',
  'dissatisfied',
  'very-dissatisfied',
] as const;

export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RatingLevelSchema = Type.Union(RATING_LEVELS.map((l) => Type.Literal(l)));

export const RATING_LABELS_ZH: Record<RatingLevel, string> = {
  'very-satisfied': '非常滿意',
  satisfied: '滿意',
  'no-opinion': '不清楚',
  dissatisfied: '不滿意',
  'very-dissatisfied': '非常不滿意',
};

export const ALARM_SEVERITIES = ['critical', 'major', 'minor'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];
export const AlarmSeveritySchema = Type.Union(ALARM_SEVERITIES.map((s) => Type.Literal(s)));

export const SEVERITY_LABELS_ZH: Record<AlarmSeverity, string> = {
  critical: '緊急',
  major: '重要',
  minor: '一般',
};

export type RatingLevelT = Static<typeof RatingLevelSchema>;
