/** The one place the HTTP layer names the counter's controller (gateway core owns it). */
export type { CounterController, CounterStatus } from '../counter.ts';
