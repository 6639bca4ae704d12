import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

// TypeBox leaves formats to the application; ours are the ones the contract uses.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (v) => ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)));
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A compiled validator for one schema. Payloads arriving from the network go through
 * `decode`, which never throws: a bad payload yields a reason to log, then it is dropped.
 */
export class Validator<S extends TSchema> {
  private readonly check: TypeCheck<S>;

  constructor(readonly schema: S) {
    this.check = TypeCompiler.Compile(schema);
  }

  is(value: unknown): value is Static<S> {
    return this.check.Check(value);
  }

  decode(value: unknown): Decoded<Static<S>> {
    if (this.check.Check(value)) return { ok: true, value };
    const first = this.check.Errors(value).First();
    const where = first?.path ? first.path : '(root)';
    return { ok: false, reason: first ? `${where}: ${first.message}` : 'invalid' };
  }

  /** Decodes a raw MQTT payload (UTF-8 JSON). */
  decodeBuffer(payload: Buffer | Uint8Array | string): Decoded<Static<S>> {
    let value: unknown;
    try {
      value = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
    } catch (err) {
      return { ok: false, reason: `not JSON: ${(err as Error).message}` };
    }
    return this.decode(value);
  }
}
