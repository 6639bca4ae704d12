/** Messages between the alarm benchmark's orchestrator and its child processes (IPC). */
export interface CounterCreds {
  office: string;
  counter: string;
  username: string;
  password: string;
}

export type CentralReady = {
  type: 'central-ready';
  httpUrl: string;
  mqttUrl: string;
  gateways: CounterCreds[];
  supervisors: { office: string; username: string; password: string }[];
};

/** Orchestrator → counters process. */
export type CountersCommand =
  | { type: 'start'; mqttUrl: string; httpUrl: string; dataDir: string; counters: CounterCreds[] }
  | { type: 'press'; presses: { counter: string; atMs: number; level: 'very-dissatisfied' | 'dissatisfied' }[] }
  | { type: 'stop' };

/** Counters process → orchestrator. */
export type CountersReport =
  | { type: 'online'; count: number }
  | { type: 'pressed'; samples: { eventId: string; pressedAt: number }[] }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();
