import { Type, type Static, type TOptional } from '@sinclair/typebox';
import { AlarmSeveritySchema, RATING_LEVELS } from '../contract/ratings.ts';
import { GatewayRoleSchema } from '../contract/messages.ts';
import { ID_PATTERN } from '../contract/topics.ts';

/**
 * The one definition of both configuration files. Types come from Static<>, defaults and
 * validation from the same schema (config/load.ts). Unknown fields are errors: a typo must
 * fail at start, not be silently ignored.
 */
const Strict = { additionalProperties: false } as const;
const Id = Type.String({ pattern: ID_PATTERN });

const SeverityOrNone = Type.Union([AlarmSeveritySchema, Type.Literal('none')]);
type RulesShape = Record<(typeof RATING_LEVELS)[number], TOptional<typeof SeverityOrNone>>;
const alarmRules = (opts: object = {}) =>
  Type.Object(Object.fromEntries(RATING_LEVELS.map((l) => [l, Type.Optional(SeverityOrNone)])) as RulesShape, {
    ...Strict,
    ...opts,
  });
export const DEFAULT_ALARM_RULES = { 'very-dissatisfied': 'critical', dissatisfied: 'major' } as const;
export const AlarmRulesSchema = alarmRules();
export type AlarmRules = Static<typeof AlarmRulesSchema>;

export const AlarmPolicySchema = Type.Object(
  {
    /** Level → severity; levels not named raise no alarm. */
    rules: Type.Optional(AlarmRulesSchema),
    /** Escalate when nobody acknowledged within this many seconds (0 turns escalation off). */
    escalateAfterS: Type.Optional(Type.Number({ minimum: 0, maximum: 86400 })),
    /** Presses at one counter within this many seconds of the last update join the active alarm. */
    burstWindowS: Type.Optional(Type.Number({ minimum: 0, maximum: 86400 })),
  },
  Strict,
);
export type AlarmPolicy = Static<typeof AlarmPolicySchema>;

export const OfficeSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    counters: Type.Array(Type.Object({ id: Id, name: Type.String({ minLength: 1, maxLength: 80 }) }, Strict), {
      default: [],
    }),
    alarms: Type.Optional(AlarmPolicySchema),
  },
  Strict,
);
export type OfficeConfig = Static<typeof OfficeSchema>;

export const CentralConfigSchema = Type.Object(
  {
    dataDir: Type.String({ default: './data/central' }),
    http: Type.Object(
      { host: Type.String({ default: '127.0.0.1' }), port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }) },
      { ...Strict, default: {} },
    ),
    mqtt: Type.Object(
      {
        /** Run aedes inside central. Off when an external broker (Mosquitto, …) is used. */
        embedded: Type.Boolean({ default: true }),
        host: Type.String({ default: '127.0.0.1' }),
        /** Port of the embedded broker; never 1883 in tests. */
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 1884 }),
        /** External broker URL, used when embedded is false. */
        url: Type.Optional(Type.String()),
        username: Type.Optional(Type.String()),
        password: Type.Optional(Type.String()),
      },
      { ...Strict, default: {} },
    ),
    database: Type.Object(
      { sqlitePath: Type.Optional(Type.String()) },
      { ...Strict, default: {} },
    ),
    alarms: Type.Object(
      {
        rules: alarmRules({ default: DEFAULT_ALARM_RULES }),
        escalateAfterS: Type.Number({ minimum: 0, maximum: 86400, default: 120 }),
        burstWindowS: Type.Number({ minimum: 0, maximum: 86400, default: 300 }),
      },
      { ...Strict, default: {} },
    ),
    /** Rating window opened by each completed case (pushed to gateways as cfg). */
    ratingWindowS: Type.Number({ minimum: 5, maximum: 300, default: 30 }),
    /** Whether counters play the voice prompts (pushed to gateways as cfg). */
    voicePrompt: Type.Boolean({ default: true }),
    offices: Type.Array(OfficeSchema, { default: [] }),
    /** First start only: the IT administrator account, password taken from this env var. */
    bootstrapAdmin: Type.Object(
      {
        username: Type.String({ default: 'admin' }),
        passwordEnv: Type.String({ default: 'CG_ADMIN_PASSWORD' }),
      },
      { ...Strict, default: {} },
    ),
    log: Type.Object({ level: Type.String({ default: 'info' }) }, { ...Strict, default: {} }),
  },
  Strict,
);
export type CentralConfig = Static<typeof CentralConfigSchema>;

const GpioPin = Type.Integer({ minimum: 0, maximum: 1023 });
const ButtonPins = Type.Object(
  Object.fromEntries(RATING_LEVELS.map((l) => [l, GpioPin])) as Record<(typeof RATING_LEVELS)[number], typeof GpioPin>,
  Strict,
);

export const ButtonsConfigSchema = Type.Union([
  Type.Object({ backend: Type.Literal('simulated') }, Strict),
  Type.Object(
    {
      backend: Type.Literal('onoff'),
      pins: ButtonPins,
      activeLow: Type.Boolean({ default: true }),
      debounceMs: Type.Integer({ minimum: 0, maximum: 1000, default: 30 }),
    },
    Strict,
  ),
  Type.Object(
    {
      backend: Type.Literal('gpiomon'),
      chip: Type.String({ default: 'gpiochip0' }),
      lines: ButtonPins,
      activeLow: Type.Boolean({ default: true }),
      debounceMs: Type.Integer({ minimum: 0, maximum: 1000, default: 30 }),
    },
    Strict,
  ),
]);
export type ButtonsConfig = Static<typeof ButtonsConfigSchema>;

export const OutputConfigSchema = Type.Union([
  Type.Object({ backend: Type.Literal('simulated') }, Strict),
  Type.Object({ backend: Type.Literal('onoff'), pin: GpioPin, activeLow: Type.Boolean({ default: false }) }, Strict),
  Type.Object(
    {
      backend: Type.Literal('gpioset'),
      chip: Type.String({ default: 'gpiochip0' }),
      line: GpioPin,
      activeLow: Type.Boolean({ default: false }),
    },
    Strict,
  ),
]);
export type OutputConfig = Static<typeof OutputConfigSchema>;

export const VoiceConfigSchema = Type.Union([
  Type.Object({ backend: Type.Literal('simulated') }, Strict),
  Type.Object({ backend: Type.Literal('aplay'), device: Type.Optional(Type.String()) }, Strict),
]);
export type VoiceConfig = Static<typeof VoiceConfigSchema>;

export const GatewayConfigSchema = Type.Object(
  {
    office: Id,
    counter: Id,
    role: Type.Optional(GatewayRoleSchema),
    dataDir: Type.String({ default: './data/gateway' }),
    central: Type.Object(
      {
        mqttUrl: Type.String({ default: 'mqtt://127.0.0.1:1884' }),
        httpUrl: Type.String({ default: 'http://127.0.0.1:8080' }),
        username: Type.String({ minLength: 1 }),
        password: Type.String({ minLength: 1 }),
      },
      Strict,
    ),
    http: Type.Object(
      {
        host: Type.String({ default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8090 }),
        /** Host names besides localhost the kiosk pages answer to (a resident tablet on the counter's LAN). */
        allowedHosts: Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { default: [] }),
      },
      { ...Strict, default: {} },
    ),
    rating: Type.Object(
      {
        windowS: Type.Number({ minimum: 5, maximum: 300, default: 30 }),
        voicePrompt: Type.Boolean({ default: true }),
      },
      { ...Strict, default: {} },
    ),
    devices: Type.Object(
      {
        buttons: Type.Optional(ButtonsConfigSchema),
        voice: Type.Optional(VoiceConfigSchema),
        lamp: Type.Optional(OutputConfigSchema),
        bell: Type.Optional(OutputConfigSchema),
      },
      { ...Strict, default: {} },
    ),
    log: Type.Object({ level: Type.String({ default: 'info' }) }, { ...Strict, default: {} }),
  },
  Strict,
);
export type GatewayConfig = Static<typeof GatewayConfigSchema>;

