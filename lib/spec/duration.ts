/**
 * Durations in the spec (`90s`, `5m`, `10h`): one unit, whole numbers. Also valid Go durations,
 * since SPIRE and its CRDs read them as written (Go has no `d`).
 */

export const DURATION = /^[1-9][0-9]{0,6}(s|m|h)$/;

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** Seconds of a duration the spec schema already accepted. */
export function durationSeconds(d: string): number {
  const m = DURATION.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  return Number(d.slice(0, -1)) * SECONDS[m[1]!]!;
}
