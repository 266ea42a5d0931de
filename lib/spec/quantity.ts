/** Kubernetes resource quantities as numbers (cores, bytes), for comparing spec values. */

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Parses a quantity the spec schema already accepted (`100m`, `1.5`, `512Mi`). */
export function parseQuantity(q: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(q);
  const factor = m ? SUFFIX[m[2]!] : undefined;
  if (!m || factor === undefined) throw new Error(`not a quantity: ${q}`);
  return Number(m[1]) * factor;
}

/** Formats a CPU amount for messages (`2.5`, `500m`). */
export function formatCpu(cores: number): string {
  return cores >= 1 ? String(Math.round(cores * 1000) / 1000) : `${Math.round(cores * 1000)}m`;
}

/** Formats a memory amount for messages (`1.5Gi`, `512Mi`). */
export function formatMemory(bytes: number): string {
  return bytes >= 2 ** 30 ? `${Math.round((bytes / 2 ** 30) * 100) / 100}Gi` : `${Math.round(bytes / 2 ** 20)}Mi`;
}
