/**
 * Parsers for the two output formats of libgpiod's gpiomon, and the arguments each major
 * version needs. Pure functions, tested without processes.
 */
export interface GpiomonEvent {
  offset: number;
  /** Logical edge: with --active-low the tool already reports a press as rising. */
  edge: 'rising' | 'falling';
}

// v1 (tools/gpiomon.c): printf("event: %s offset: %u timestamp: [%8ld.%09ld]\n"),
// where %s is " RISING EDGE" or "FALLING EDGE".
const V1 = /^event:\s+(RISING|FALLING) EDGE\s+offset:\s*(\d+)\s+timestamp:\s*\[\s*\d+\.\d+\]\s*$/;
// v2 human-readable: "<time>\t<rising|falling>\t<chip> <offset>" and, for a named line while
// --chip is given, a quoted (or --unquoted) name after the offset. The time is seconds
// ("12.345678901") or, with --utc/--localtime, an ISO timestamp.
const V2 = /^\S+\s+(rising|falling)\s+\S+\s+(\d+)(?:\s+.*)?$/;

export function parseGpiomonLine(line: string): GpiomonEvent | undefined {
  const text = line.trim();
  const v1 = V1.exec(text);
  if (v1) return { edge: v1[1] === 'RISING' ? 'rising' : 'falling', offset: Number(v1[2]) };
  const v2 = V2.exec(text);
  if (v2) return { edge: v2[1] === 'rising' ? 'rising' : 'falling', offset: Number(v2[2]) };
  return undefined;
}

export function gpiomonArgs(major: 1 | 2, chip: string, offsets: number[], activeLow: boolean): string[] {
  const low = activeLow ? ['--active-low'] : [];
  // v1 block-buffers stdout on a pipe unless told otherwise; v2 flushes after every poll.
  if (major === 1) return ['--line-buffered', ...low, chip, ...offsets.map(String)];
  return ['--chip', chip, '--edges', 'both', ...low, ...offsets.map(String)];
}
