import { readFileSync } from 'node:fs';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CountergateError } from '../lib/errors.ts';
import { CentralConfigSchema, GatewayConfigSchema, type CentralConfig, type GatewayConfig } from './schema.ts';
import '../contract/validate.ts';

/**
 * Reads a JSON configuration file, substitutes `${ENV_VAR}` in string values (so secrets stay
 * out of files in the repo), fills defaults from the schema and validates it. A wrong config
 * fails here with CG_CONFIG_INVALID naming the field.
 */
export function parseConfig<S extends TSchema>(schema: S, raw: unknown, source: string): Static<S> {
  const withEnv = substituteEnv(raw, source);
  const value = Value.Default(schema, Value.Clone(withEnv));
  const errors = [...Value.Errors(schema, value)];
  if (errors.length > 0) {
    const lines = errors.slice(0, 5).map((e) => `  ${e.path || '(root)'}: ${e.message}`);
    throw new CountergateError('CG_CONFIG_INVALID', `invalid configuration in ${source}:\n${lines.join('\n')}`, {
      statusCode: 400,
    });
  }
  return value as Static<S>;
}

export function readConfigFile<S extends TSchema>(schema: S, file: string): Static<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CountergateError('CG_CONFIG_UNREADABLE', `cannot read configuration ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CountergateError('CG_CONFIG_INVALID', `configuration ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(schema, raw, file);
}

export const loadCentralConfig = (file: string): CentralConfig => readConfigFile(CentralConfigSchema, file);
export const loadGatewayConfig = (file: string): GatewayConfig => readConfigFile(GatewayConfigSchema, file);

function substituteEnv(value: unknown, source: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
      const v = process.env[name];
      if (v === undefined) {
        throw new CountergateError('CG_CONFIG_ENV_MISSING', `configuration ${source} refers to \${${name}}, which is not set`);
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, source));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, source)]));
  }
  return value;
}
