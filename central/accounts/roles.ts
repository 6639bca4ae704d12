import { Type } from '@sinclair/typebox';

export const ROLES = ['clerk', 'supervisor', 'it-admin', 'auditor'] as const;
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export type Role = (typeof ROLES)[number];

/** Clerks and supervisors belong to one office; it-admin and auditors are city-wide. */
export const OFFICE_ROLES: readonly Role[] = ['clerk', 'supervisor'];

export function isOfficeRole(role: Role): boolean {
  return OFFICE_ROLES.includes(role);
}

/** What a signed-in request knows about its user (`request.user`). */
export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
  office: string | null;
}

export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{1,39}$';
export const PASSWORD_MIN_LENGTH = 8;
