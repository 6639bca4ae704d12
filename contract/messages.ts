import { Type, type Static } from '@sinclair/typebox';
import { AlarmSeveritySchema, RatingLevelSchema } from './ratings.ts';
import { ID_PATTERN } from './topics.ts';
import { Validator } from './validate.ts';

/**
 * Every MQTT payload of the contract, defined once. Gateway and central both import these;
 * types are derived with Static<>, runtime checks with Validator.
 */

const IsoTime = Type.String({ format: 'date-time', minLength: 20, maxLength: 40 });
const Id = Type.String({ pattern: ID_PATTERN });
/** Unique per event across the city: `${office}.${counter}.${bootId}.${seq}` or any UUID. */
const EventId = Type.String({ minLength: 8, maxLength: 120 });
const ClerkId = Type.String({ minLength: 1, maxLength: 64 });

const EventBase = {
  id: EventId,
  /** The outbox sequence number of this gateway: strictly increasing, replayed in order. */
  seq: Type.Integer({ minimum: 1 }),
  ts: IsoTime,
};

export const CaseOutcomeSchema = Type.Union([Type.Literal('receipt'), Type.Literal('notice')]);
export type CaseOutcome = Static<typeof CaseOutcomeSchema>;

export const CaseEventSchema = Type.Object(
  {
    ...EventBase,
    clerk: ClerkId,
    caseId: Type.String({ minLength: 1, maxLength: 80 }),
    outcome: CaseOutcomeSchema,
    /** The rating window that this completion opened, in seconds. */
    windowS: Type.Number({ minimum: 1, maximum: 600 }),
  },
  { additionalProperties: false },
);
export type CaseEvent = Static<typeof CaseEventSchema>;

export const RatingSourceSchema = Type.Union([Type.Literal('button'), Type.Literal('screen')]);

export const RatingEventSchema = Type.Object(
  {
    ...EventBase,
    clerk: ClerkId,
    caseId: Type.String({ minLength: 1, maxLength: 80 }),
    level: RatingLevelSchema,
    source: RatingSourceSchema,
    /** Milliseconds from the window opening to the press. */
    afterMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type RatingEvent = Static<typeof RatingEventSchema>;

export const PressIgnoredReasonSchema = Type.Union([
  Type.Literal('no-window'),
  Type.Literal('already-rated'),
]);
export type PressIgnoredReason = Static<typeof PressIgnoredReasonSchema>;

export const PressIgnoredEventSchema = Type.Object(
  {
    ...EventBase,
    clerk: Type.Union([ClerkId, Type.Null()]),
    level: RatingLevelSchema,
    source: RatingSourceSchema,
    reason: PressIgnoredReasonSchema,
  },
  { additionalProperties: false },
);
export type PressIgnoredEvent = Static<typeof PressIgnoredEventSchema>;

export const SessionEventSchema = Type.Object(
  {
    ...EventBase,
    clerk: ClerkId,
    action: Type.Union([Type.Literal('sign-in'), Type.Literal('sign-out')]),
  },
  { additionalProperties: false },
);
export type SessionEvent = Static<typeof SessionEventSchema>;

export const eventSchemas = {
  case: CaseEventSchema,
  rating: RatingEventSchema,
  'press-ignored': PressIgnoredEventSchema,
  session: SessionEventSchema,
} as const;

export type EventByKind = {
  case: CaseEvent;
  rating: RatingEvent;
  'press-ignored': PressIgnoredEvent;
  session: SessionEvent;
};

export const eventValidators = {
  case: new Validator(CaseEventSchema),
  rating: new Validator(RatingEventSchema),
  'press-ignored': new Validator(PressIgnoredEventSchema),
  session: new Validator(SessionEventSchema),
} as const;

export const GatewayRoleSchema = Type.Union([Type.Literal('counter'), Type.Literal('alarm-station')]);
export type GatewayRole = Static<typeof GatewayRoleSchema>;

export const StateSchema = Type.Object(
  {
    online: Type.Boolean(),
    version: Type.String({ maxLength: 40 }),
    startedAt: IsoTime,
    role: GatewayRoleSchema,
  },
  { additionalProperties: false },
);
export type GatewayState = Static<typeof StateSchema>;

export const DeviceStatusSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('fault')]),
    code: Type.Optional(Type.String({ maxLength: 64 })),
    message: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type DeviceStatus = Static<typeof DeviceStatusSchema>;

export const HealthSchema = Type.Object(
  {
    ts: IsoTime,
    devices: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }), DeviceStatusSchema),
    diskFreeBytes: Type.Integer({ minimum: 0 }),
    uptimeS: Type.Number({ minimum: 0 }),
    outboxPending: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type Health = Static<typeof HealthSchema>;

export const CounterConfigSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    ratingWindowS: Type.Number({ minimum: 5, maximum: 300 }),
    voicePrompt: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type CounterConfig = Static<typeof CounterConfigSchema>;

export const CfgAppliedSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    appliedAt: IsoTime,
    ok: Type.Boolean(),
    error: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CfgApplied = Static<typeof CfgAppliedSchema>;

export const CommandSchema = Type.Object(
  { tx: Type.String({ minLength: 1, maxLength: 64 }), args: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: false },
);
export type Command = Static<typeof CommandSchema>;

export const CommandResultSchema = Type.Object(
  {
    tx: Type.String({ minLength: 1, maxLength: 64 }),
    ok: Type.Boolean(),
    result: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { additionalProperties: false },
);
export type CommandResult = Static<typeof CommandResultSchema>;

export const AlarmStateSchema = Type.Union([
  Type.Literal('raised'),
  Type.Literal('acknowledged'),
  Type.Literal('resolved'),
]);
export type AlarmState = Static<typeof AlarmStateSchema>;

/** One alarm as consoles and alarm stations see it. */
export const AlarmViewSchema = Type.Object(
  {
    id: Type.String(),
    office: Id,
    counter: Id,
    clerk: Type.Union([ClerkId, Type.Null()]),
    severity: AlarmSeveritySchema,
    state: AlarmStateSchema,
    raisedAt: IsoTime,
    updatedAt: IsoTime,
    /** How many unhappy presses this alarm gathered (a burst updates one alarm). */
    pressCount: Type.Integer({ minimum: 1 }),
    lastLevel: RatingLevelSchema,
    /** The rating event that last touched this alarm: lets benchmarks time press → console. */
    lastEventId: EventId,
    lastPressAt: IsoTime,
    /** 0 until nobody acknowledged in time; each escalation step adds one. */
    escalations: Type.Integer({ minimum: 0 }),
    acknowledgedBy: Type.Optional(Type.String()),
    acknowledgedAt: Type.Optional(IsoTime),
    resolvedBy: Type.Optional(Type.String()),
    resolvedAt: Type.Optional(IsoTime),
    resolutionNote: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type AlarmView = Static<typeof AlarmViewSchema>;

/** Retained on cg/v1/{office}/alarm: the office's alarms that are not resolved. */
export const AlarmBroadcastSchema = Type.Object(
  { ts: IsoTime, office: Id, active: Type.Array(AlarmViewSchema) },
  { additionalProperties: false },
);
export type AlarmBroadcast = Static<typeof AlarmBroadcastSchema>;

export const stateValidator = new Validator(StateSchema);
export const healthValidator = new Validator(HealthSchema);
export const counterConfigValidator = new Validator(CounterConfigSchema);
export const cfgAppliedValidator = new Validator(CfgAppliedSchema);
export const commandValidator = new Validator(CommandSchema);
export const commandResultValidator = new Validator(CommandResultSchema);
export const alarmBroadcastValidator = new Validator(AlarmBroadcastSchema);
