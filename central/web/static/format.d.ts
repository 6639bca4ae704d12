// Types of format.js for the TypeScript tests (browsers load format.js itself).
import type { AlarmView } from '../../../contract/messages.ts';

export interface StatsRowLike {
  period: string;
  office: string;
  counter?: string;
  clerk?: string | null;
  ratings?: Record<string, number>;
  satisfiedShare?: number | null;
  unratedShare?: number | null;
  medianAckS?: number | null;
}
export interface AuditLike { at: string; actor?: string; action?: string; subject?: string; detail?: unknown }

export const ROLE_LABELS: Readonly<Record<string, string>>;
export const STATE_LABELS: Readonly<Record<string, string>>;
export const GROUP_LABELS: Readonly<Record<string, string>>;
export const PERIOD_LABELS: Readonly<Record<string, string>>;
export const SIGN_LABELS: Readonly<Record<string, string>>;
export const PAGE_ROLES: Readonly<Record<string, string[]>>;
export const PAGE_TITLES: Readonly<Record<string, string>>;
export function pagesFor(role: string): string[];
export function safeNext(next: unknown): string;
export function formatTaipei(iso: string | number | null | undefined): string;
export function formatTaipeiTime(iso: string | number | null | undefined): string;
export function taipeiDate(nowMs: number, plusDays?: number): string;
export function taipeiDayStart(date: string): number;
export function formatElapsed(ms: number): string;
export function formatPresses(alarm: Pick<AlarmView, 'pressCount' | 'lastPressAt' | 'raisedAt'>): string;
export function formatSeconds(s: number | null | undefined): string;
export function formatPercent(share: number | null | undefined): string;
export function backoffDelay(attempt: number, random?: () => number): number;
export function sortActive(alarms: AlarmView[]): AlarmView[];
export function applyAlarm(active: AlarmView[], alarm: AlarmView): AlarmView[];
export function needsBell(active: AlarmView[]): boolean;
export function statsQuery(params: Record<string, string | undefined | null>): string;
export function groupName(row: StatsRowLike, groupBy: string, officeNames?: Record<string, string>, withOffice?: boolean): string;
export function chartData(
  rows: StatsRowLike[],
  groupBy: string,
  levels: readonly string[],
  officeNames?: Record<string, string>,
): {
  barLabels: (string | string[])[];
  levels: { level: string; data: number[] }[];
  periods: string[];
  series: { group: string; satisfiedPct: (number | null)[]; unratedPct: (number | null)[]; medianAckS: (number | null)[] }[];
};
export function healthLines(health: unknown): { name: string; ok: boolean; text: string }[];
export function firstArray(body: unknown, preferred?: string): unknown[];
export function filterAudit<T extends AuditLike>(
  records: T[],
  f: { actor?: string; action?: string; subject?: string; from?: string; to?: string },
): T[];
