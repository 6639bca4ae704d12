import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CountergateError } from '../lib/errors.ts';

/** node:util parseArgs with errors that carry a code and the command's usage. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CountergateError('CG_CLI_USAGE', `${(err as Error).message}\n${usage}`, { statusCode: 400 });
  }
}

export function intOption(value: string | undefined, name: string, fallback: number, min = 0, max = 1_000_000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new CountergateError('CG_CLI_USAGE', `--${name} must be an integer from ${min} to ${max}, got '${value}'`);
  }
  return n;
}
