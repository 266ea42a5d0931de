#!/usr/bin/env node
// Runs the synthesized alert rules through Prometheus' own tooling when `promtool` is installed
// (Debian package `prometheus`): `promtool check rules`, then `promtool test rules` with series
// for the cases that must (and must not) alert — a fresh series over budget, steady overuse, an
// old series under budget, an unpriced model, failing exports, a silent collector. Needs `npm
// run build` first. Prints one line and exits 0 when promtool is absent.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
if (spawnSync('promtool', ['--version']).error) {
  console.log('promtool not installed: alert rules not run through Prometheus (apt-get install prometheus to do so)');
  process.exit(0);
}
const { composeSpec } = require(join(root, 'dist/lib/spec/compose.js'));
const { alertGroups, renderGroups } = require(join(root, 'dist/lib/observability/alerts.js'));
const { toYaml } = require(join(root, 'dist/lib/backends/yaml.js'));
const yaml = require('js-yaml');

const spec = composeSpec({ spec: yaml.load(readFileSync(join(root, 'examples/observability.yaml'), 'utf8')) });
const groups = renderGroups(alertGroups(spec, 'otel-collector-metrics', 'observability'));
const work = mkdtempSync(join(tmpdir(), 'agentplane-alerts-'));
writeFileSync(join(work, 'rules.yaml'), toYaml({ groups }));

const rules = groups.flatMap((g) => g.rules);
/** The alert as Prometheus would raise it: labels plus annotations with $labels and $value filled in. */
function expected(name, labels, value, extraLabels = {}) {
  const matching = rules.filter((r) => r.alert === name && Object.entries(r.labels).every(([k, v]) => (k === 'severity' ? labels.severity === undefined || labels.severity === v : labels[k] === undefined || labels[k] === v)));
  return matching.map((r) => {
    const all = { ...extraLabels, ...r.labels };
    const fill = (t) => t.replace(/\{\{ \$labels\.([a-z_]+) \}\}/g, (_, k) => all[k] ?? '').replace(/\{\{ \$value \| humanize \}\}/g, humanize(value));
    return { exp_labels: all, exp_annotations: { summary: fill(r.annotations.summary), description: fill(r.annotations.description) } };
  });
}
/** Prometheus' `humanize` for the values used here (SI prefix, up to 4 significant digits). */
function humanize(v) {
  const [div, prefix] = v >= 1e9 ? [1e9, 'G'] : v >= 1e6 ? [1e6, 'M'] : v >= 1e3 ? [1e3, 'k'] : [1, ''];
  return `${Number((v / div).toPrecision(4))}${prefix}`;
}
const usage = (metric, team, agent, values) => ({ series: `${metric}{service_namespace="${team}", service_name="${agent}", k8s_namespace_name="${team}", gen_ai_request_model="gpt-4o"}`, values });
const up = { series: 'up{job="otel-collector-metrics", namespace="observability"}', values: '1x1600' };
const tests = [
  {
    // One 600k-token call on a fresh series: over team2's 500k budget (both severities).
    interval: '1m',
    input_series: [up, usage('agentplane_llm_tokens', 'team2', 'reviewer', '600000x60')],
    alert_rule_test: [{ eval_time: '30m', alertname: 'AgentplaneTeamTokenBudget', exp_alerts: expected('AgentplaneTeamTokenBudget', { team: 'team2' }, 600000, { service_namespace: 'team2' }) }],
  },
  {
    // 300k tokens every 70 minutes: far over budget within the day.
    interval: '10m',
    input_series: [up, usage('agentplane_llm_tokens', 'team2', 'reviewer', '300000+0x6 600000+0x6 900000+0x6 1200000+0x6')],
    alert_rule_test: [{ eval_time: '4h', alertname: 'AgentplaneTeamTokenBudget', exp_alerts: expected('AgentplaneTeamTokenBudget', { team: 'team2' }, 1200000, { service_namespace: 'team2' }) }],
  },
  {
    // An old series that used 2M tokens two days ago and 100k today: under budget today.
    interval: '1h',
    input_series: [up, usage('agentplane_llm_tokens', 'team2', 'reviewer', '0 2000000+0x23 2000000+0x23 2100000+0x3')],
    alert_rule_test: [{ eval_time: '50h', alertname: 'AgentplaneTeamTokenBudget', exp_alerts: [] }],
  },
  {
    // One call of a model without a price.
    interval: '1m',
    input_series: [up, usage('agentplane_llm_requests_unpriced', 'team1', 'planner', '1x30')],
    alert_rule_test: [{ eval_time: '10m', alertname: 'AgentplaneUnpricedModel', exp_alerts: expected('AgentplaneUnpricedModel', {}, 1, { service_namespace: 'team1', service_name: 'planner', gen_ai_request_model: 'gpt-4o' }) }],
  },
  {
    // Phoenix refuses spans: the export failure alert fires after 5 minutes.
    interval: '1m',
    input_series: [up, { series: 'otelcol_exporter_send_failed_spans{exporter="otlp/phoenix", job="otel-collector-metrics"}', values: '0+60x30' }],
    alert_rule_test: [
      { eval_time: '3m', alertname: 'AgentplaneTraceExportFailing', exp_alerts: [] },
      { eval_time: '15m', alertname: 'AgentplaneTraceExportFailing', exp_alerts: expected('AgentplaneTraceExportFailing', {}, 1, { exporter: 'otlp/phoenix' }) },
    ],
  },
  {
    // Nobody scrapes the collector: silence alerts.
    interval: '1m',
    input_series: [{ series: 'up{job="otel-collector-metrics", namespace="observability"}', values: '1x5 0x30' }],
    alert_rule_test: [
      { eval_time: '4m', alertname: 'AgentplaneCollectorDown', exp_alerts: [] },
      { eval_time: '20m', alertname: 'AgentplaneCollectorDown', exp_alerts: expected('AgentplaneCollectorDown', {}, 1) },
    ],
  },
];
writeFileSync(join(work, 'tests.yaml'), toYaml({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
let failed = false;
for (const args of [['check', 'rules', 'rules.yaml'], ['test', 'rules', 'tests.yaml']]) {
  const r = spawnSync('promtool', args, { cwd: work, encoding: 'utf8' });
  process.stdout.write(`promtool ${args.join(' ')}: ${r.status === 0 ? 'ok' : 'FAILED'}\n`);
  if (r.status !== 0) {
    process.stdout.write(r.stdout + r.stderr);
    failed = true;
  }
}
rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
