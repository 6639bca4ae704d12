import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Accounts } from '../central/accounts/accounts.ts';
import type { Role } from '../central/accounts/roles.ts';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  office: string | null;
  password: string;
  /** Set when the password was made in this start (not read from the saved file). */
  fresh?: boolean;
}

/**
 * The demo's people. Their passwords are made at the first start and kept in the demo's data
 * folder (never in the repository), so every later `npm start` signs in with the same ones.
 */
export function demoPeople(office: string, counters: string[]): Omit<DemoAccount, 'password'>[] {
  return [
    { username: 'admin', displayName: '系統管理員', role: 'it-admin', office: null },
    { username: 'supervisor', displayName: '林主任', role: 'supervisor', office },
    { username: 'it-admin', displayName: '資訊室 陳工程師', role: 'it-admin', office: null },
    { username: 'auditor', displayName: '稽核 黃專員', role: 'auditor', office: null },
    ...counters.map((c, i) => ({
      username: `clerk${String(i + 1).padStart(2, '0')}`,
      displayName: `${CLERK_NAMES[i % CLERK_NAMES.length]}（${c} 櫃檯）`,
      role: 'clerk' as const,
      office,
    })),
  ];
}

const CLERK_NAMES = ['王小明', '李美玲', '張志豪', '陳怡君', '吳建宏', '劉淑芬', '蔡宗翰', '楊雅婷'];

/** The demo's people with the passwords saved by an earlier start, or new ones. */
export function planDemoAccounts(file: string, people: Omit<DemoAccount, 'password'>[]): DemoAccount[] {
  const saved = new Map<string, DemoAccount>();
  if (existsSync(file)) {
    for (const a of JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[]) saved.set(a.username, a);
  }
  return people.map((p) => {
    const password = saved.get(p.username)?.password;
    return password ? { ...p, password } : { ...p, password: randomBytes(9).toString('base64url'), fresh: true };
  });
}

/** Creates the planned accounts that central lacks, and saves them for the next start. */
export async function ensureDemoAccounts(accounts: Accounts, file: string, planned: DemoAccount[]): Promise<DemoAccount[]> {
  const result: DemoAccount[] = [];
  for (const { fresh, ...account } of planned) {
    if (!accounts.getUser(account.username)) {
      await accounts.createUser(account, 'demo');
    } else if (fresh) {
      // The account exists from an earlier run whose password file is gone: give it a new one.
      await accounts.setPassword(account.username, account.password, 'demo');
    }
    result.push(account);
  }
  writeFileSync(file, JSON.stringify(result, null, 2), { mode: 0o600 });
  return result;
}
