/**
 * The OpenTelemetry collector configuration as a typed model, and a checker that refuses what
 * the collector refuses at startup (undefined references, signals a component cannot carry,
 * duplicate references, two listeners on one port) plus what it silently accepts but loses data
 * with (unused components, receivers bound to loopback, memory_limiter not first).
 */

export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];

/** One `type[/name]` component's settings: plain data, rendered as is. */
export type ComponentSettings = Readonly<Record<string, unknown>>;

export interface Pipeline {
  readonly receivers: readonly string[];
  readonly processors: readonly string[];
  readonly exporters: readonly string[];
}

export interface CollectorConfig {
  readonly extensions: Readonly<Record<string, ComponentSettings>>;
  readonly receivers: Readonly<Record<string, ComponentSettings>>;
  readonly processors: Readonly<Record<string, ComponentSettings>>;
  readonly connectors: Readonly<Record<string, ComponentSettings>>;
  readonly exporters: Readonly<Record<string, ComponentSettings>>;
  readonly service: {
    readonly extensions: readonly string[];
    readonly telemetry: ComponentSettings;
    readonly pipelines: Readonly<Record<string, Pipeline>>;
  };
}

type Section = 'extensions' | 'receivers' | 'processors' | 'connectors' | 'exporters';

/** A port a component listens on, read from its settings. */
export interface Listener {
  readonly owner: string;
  readonly endpoint: string;
  readonly port: number;
}

/** What the checker knows of a component type. */
export interface ComponentKind {
  readonly section: Section;
  /** Signals it carries (receivers, processors, exporters). */
  readonly signals?: readonly Signal[];
  /** Connectors: the signal pairs [exported into, received from]. */
  readonly pairs?: readonly (readonly [Signal, Signal])[];
  /** Addresses it listens on. */
  readonly listens?: (settings: ComponentSettings) => readonly string[];
}

const endpoint = (v: unknown): string[] => (typeof v === 'object' && v !== null && typeof (v as { endpoint?: unknown }).endpoint === 'string' ? [(v as { endpoint: string }).endpoint] : []);

/** Component types the platform's configurations use, with their signals and listeners. */
export const COMPONENT_KINDS: Readonly<Record<string, ComponentKind>> = {
  otlp_receiver: {
    section: 'receivers',
    signals: SIGNALS,
    listens: (s) => {
      const p = (s.protocols ?? {}) as Record<string, unknown>;
      return [...endpoint(p.grpc), ...endpoint(p.http)];
    },
  },
  memory_limiter: { section: 'processors', signals: SIGNALS },
  batch: { section: 'processors', signals: SIGNALS },
  transform: { section: 'processors', signals: SIGNALS },
  deltatocumulative: { section: 'processors', signals: ['metrics'] },
  signaltometrics: { section: 'connectors', pairs: [['traces', 'metrics'], ['metrics', 'metrics'], ['logs', 'metrics']] },
  spanmetrics: { section: 'connectors', pairs: [['traces', 'metrics']] },
  otlp_exporter: { section: 'exporters', signals: SIGNALS },
  prometheus: { section: 'exporters', signals: ['metrics'], listens: (s) => endpoint(s) },
  debug: { section: 'exporters', signals: SIGNALS },
  health_check: { section: 'extensions', listens: (s) => endpoint(s) },
};

/** The catalogue key of a component id in a section (`otlp` is both a receiver and an exporter). */
function kindKey(section: Section, type: string): string {
  return type === 'otlp' ? (section === 'receivers' ? 'otlp_receiver' : section === 'exporters' ? 'otlp_exporter' : type) : type;
}

const ID = /^[a-z][a-z0-9_]*(\/[A-Za-z0-9_.-]+)?$/;
const PIPELINE_ID = /^(traces|metrics|logs)(\/[A-Za-z0-9_.-]+)?$/;

export interface ConfigProblem {
  /** Dotted path in the configuration. */
  readonly path: string;
  readonly message: string;
}

/** Every listener of the configuration: receivers, exporters, extensions and the collector's own metrics. */
export function listeners(config: CollectorConfig): Listener[] {
  const out: Listener[] = [];
  for (const section of ['receivers', 'exporters', 'extensions'] as const) {
    for (const [id, settings] of Object.entries(config[section])) {
      const kind = COMPONENT_KINDS[kindKey(section, id.split('/')[0]!)];
      for (const ep of kind?.listens?.(settings) ?? []) out.push({ owner: `${section}.${id}`, endpoint: ep, port: portOf(ep) });
    }
  }
  for (const ep of telemetryEndpoints(config.service.telemetry)) out.push({ owner: 'service.telemetry.metrics', endpoint: ep, port: portOf(ep) });
  return out;
}

/** Pull readers of the collector's own metrics (`readers[].pull.exporter.prometheus`). */
function telemetryEndpoints(telemetry: ComponentSettings): string[] {
  const readers = ((telemetry.metrics as { readers?: unknown[] } | undefined)?.readers ?? []) as { pull?: { exporter?: { prometheus?: { host?: string; port?: number } } } }[];
  return readers.flatMap((r) => {
    const p = r.pull?.exporter?.prometheus;
    return p && p.port !== undefined ? [`${p.host ?? 'localhost'}:${p.port}`] : [];
  });
}

function portOf(ep: string): number {
  const m = /:(\d+)$/.exec(ep);
  return m ? Number(m[1]) : NaN;
}

/**
 * Checks a configuration the way the collector validates it at startup, plus the rules that
 * prevent silent loss. Returns every problem; an empty list means the collector would start and
 * every component defined carries data.
 */
export function checkCollectorConfig(config: CollectorConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const sections: Section[] = ['extensions', 'receivers', 'processors', 'connectors', 'exporters'];
  for (const section of sections) {
    for (const id of Object.keys(config[section])) {
      if (!ID.test(id)) add(`${section}.${id}`, `"${id}" is not a component id (type[/name]).`);
      else if (COMPONENT_KINDS[kindKey(section, id.split('/')[0]!)]?.section !== section) add(`${section}.${id}`, `unknown ${section.slice(0, -1)} type "${id.split('/')[0]}".`);
    }
  }
  const kindOf = (section: Section, id: string) => COMPONENT_KINDS[kindKey(section, id.split('/')[0]!)];
  const used = new Set<string>();
  const connectorAsExporter = new Map<string, Signal[]>();
  const connectorAsReceiver = new Map<string, Signal[]>();
  const pipelines = Object.entries(config.service.pipelines);
  if (pipelines.length === 0) add('service.pipelines', 'no pipelines: the collector would refuse to start.');
  for (const [pid, p] of pipelines) {
    const base = `service.pipelines.${pid}`;
    if (!PIPELINE_ID.test(pid)) {
      add(base, `"${pid}" is not a pipeline id (traces, metrics or logs, optionally /name).`);
      continue;
    }
    const signal = pid.split('/')[0] as Signal;
    if (p.receivers.length === 0) add(`${base}.receivers`, 'a pipeline needs at least one receiver.');
    if (p.exporters.length === 0) add(`${base}.exporters`, 'a pipeline needs at least one exporter.');
    const roles = [
      ['receivers', p.receivers, ['receivers', 'connectors']],
      ['processors', p.processors, ['processors']],
      ['exporters', p.exporters, ['exporters', 'connectors']],
    ] as const;
    for (const [role, ids, allowed] of roles) {
      const seen = new Set<string>();
      ids.forEach((id, k) => {
        const path = `${base}.${role}[${k}]`;
        if (seen.has(id)) add(path, `references "${id}" twice.`);
        seen.add(id);
        const section = allowed.find((s) => id in config[s]);
        if (!section) {
          add(path, `references ${role.slice(0, -1)} "${id}", which is not defined${allowed.length > 1 ? ` in ${allowed.join(' or ')}` : ''}.`);
          return;
        }
        used.add(`${section}.${id}`);
        const kind = kindOf(section, id);
        if (!kind) return;
        if (section === 'connectors') {
          const list = role === 'receivers' ? connectorAsReceiver : connectorAsExporter;
          list.set(id, [...(list.get(id) ?? []), signal]);
          const ok = (kind.pairs ?? []).some(([into, from]) => (role === 'exporters' ? into === signal : from === signal));
          if (!ok) add(path, `connector "${id}" cannot ${role === 'exporters' ? `consume ${signal}` : `emit ${signal}`}.`);
        } else if (kind.signals && !kind.signals.includes(signal)) {
          add(path, `${section.slice(0, -1)} "${id}" does not support ${signal}.`);
        }
      });
    }
    const ml = p.processors.findIndex((id) => id.split('/')[0] === 'memory_limiter');
    if (ml > 0) add(`${base}.processors`, 'memory_limiter must be the first processor, so it refuses data before any other processor buffers it.');
  }
  for (const [id, intoSignals] of connectorAsExporter) {
    const from = connectorAsReceiver.get(id);
    const kind = kindOf('connectors', id);
    if (!from) continue;
    const ok = intoSignals.some((a) => from.some((b) => (kind?.pairs ?? []).some(([x, y]) => x === a && y === b)));
    if (!ok) add(`connectors.${id}`, `no pipeline pair of signals that connector "${id}" supports.`);
  }
  for (const id of Object.keys(config.connectors)) {
    if (!connectorAsExporter.has(id) || !connectorAsReceiver.has(id)) {
      add(`connectors.${id}`, `connector "${id}" must be an exporter of one pipeline and a receiver of another.`);
    }
  }
  for (const section of ['receivers', 'processors', 'exporters'] as const) {
    for (const id of Object.keys(config[section])) {
      if (!used.has(`${section}.${id}`)) add(`${section}.${id}`, `${section.slice(0, -1)} "${id}" is defined but no pipeline uses it.`);
    }
  }
  const extensions = new Set(config.service.extensions);
  config.service.extensions.forEach((id, k) => {
    if (!(id in config.extensions)) add(`service.extensions[${k}]`, `extension "${id}" is not defined.`);
  });
  for (const id of Object.keys(config.extensions)) {
    if (!extensions.has(id)) add(`extensions.${id}`, `extension "${id}" is defined but not enabled in service.extensions.`);
  }
  const byPort = new Map<number, Listener>();
  for (const l of listeners(config)) {
    if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535) {
      add(l.owner, `"${l.endpoint}" has no valid port.`);
      continue;
    }
    const first = byPort.get(l.port);
    if (first) add(l.owner, `port ${l.port} is also used by ${first.owner}.`);
    else byPort.set(l.port, l);
    if (l.owner.startsWith('receivers.') && /^(localhost|127\.0\.0\.1|\[::1\]):/.test(l.endpoint)) {
      add(l.owner, `"${l.endpoint}" listens on loopback only: nothing outside the pod can send to it.`);
    }
  }
  return problems;
}
