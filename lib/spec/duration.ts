/** Durations in the spec (`90s`, `5m`, `10h`, `1d`): one unit, whole numbers, as seconds. */

export const DURATION = /^[1-9][0-9]{0,6}(s|m|h|d)$/;

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of a duration the spec schema already accepted. */
export function durationSeconds(d: string): number {
  const m = DURATION.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  return Number(d.slice(0, -1)) * SECONDS[m[1]!]!;
}
