import { Type, type Static } from '@sinclair/typebox';
import { AlarmViewSchema } from './messages.ts';

/**
 * Messages central sends to supervisor consoles over the WebSocket /ws/alarms.
 * `snapshot` on connect (and after any reconnect), then one `alarm` per transition.
 */
export const LiveMessageSchema = Type.Union([
  Type.Object({ type: Type.Literal('snapshot'), office: Type.String(), active: Type.Array(AlarmViewSchema) }),
  Type.Object({ type: Type.Literal('alarm'), alarm: AlarmViewSchema }),
  Type.Object({ type: Type.Literal('ping'), ts: Type.String() }),
]);
export type LiveMessage = Static<typeof LiveMessageSchema>;
