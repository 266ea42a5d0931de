#!/usr/bin/env node
// Benchmark: synthesize the full profile with 100 teams x 10 agents and 200 x 10, end to end
// (a fresh `agentplane synth` process each run, process start included), then break one run
// down by phase in-process. Targets (issue #2, 2-core machine): 100x10 <= 2 s and <= 300 MB;
// 200x10 <= 2.2 x the 100x10 time; throughput >= 3,300 objects/s (helm's rate on the
// reference chart).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'agentplane-bench-'));

function specFor(teams, agentsPerTeam) {
  const spec = { profile: 'full', target: 'kind', teams: [], agents: [] };
  for (let t = 0; t < teams; t++) {
    const team = `team-${String(t).padStart(3, '0')}`;
    spec.teams.push({ name: team });
    for (let a = 0; a < agentsPerTeam; a++) {
      spec.agents.push({
        name: `agent-${a}`,
        team,
        image: `ghcr.io/example/agent-${a}:1.0.${a}`,
        description: `Benchmark agent ${a} of ${team}`,
        skills: [{ id: `skill-${a}`, name: `Skill ${a}` }],
        calls: a + 1 < agentsPerTeam ? [`agent-${a + 1}`] : [],
      });
    }
  }
  const file = join(work, `spec-${teams}x${agentsPerTeam}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

function runOnce(specFile) {
  const rssFile = join(work, 'rss');
  const out = join(work, 'out');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', join(root, 'bench/rss.cjs'), join(root, 'bin/agentplane.js'), 'synth', '--spec', specFile, '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, AGENTPLANE_BENCH_RSS_FILE: rssFile },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
  const objects = Number(/(\d+) objects in (\d+) files/.exec(r.stdout)[1]);
  const files = Number(/(\d+) objects in (\d+) files/.exec(r.stdout)[2]);
  return { ms, rssMB: Number(readFileSync(rssFile, 'utf8')) / 1024, objects, files };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(teams, perTeam) {
  const file = specFor(teams, perTeam);
  runOnce(file); // warm the file cache
  const runs = Array.from({ length: RUNS }, () => runOnce(file));
  const ms = median(runs.map((r) => r.ms));
  const rss = Math.max(...runs.map((r) => r.rssMB));
  return { label: `${teams} x ${perTeam}`, file, ms, rss, objects: runs[0].objects, files: runs[0].files };
}

function phases(file) {
  const t = [performance.now()];
  const lib = require(join(root, 'dist/lib/index.js'));
  const { readSpecFile, composeSpec, buildPlatform, buildPlan, runChecks, clusterObjects, writeOutput } = lib;
  const { renderGitOps, serializeFiles } = require(join(root, 'dist/lib/backends/gitops.js'));
  t.push(performance.now());
  const spec = composeSpec({ spec: readSpecFile(file) });
  t.push(performance.now());
  const platform = buildPlatform(spec);
  t.push(performance.now());
  const plan = buildPlan(platform);
  t.push(performance.now());
  const files = renderGitOps(platform, plan);
  t.push(performance.now());
  const violations = runChecks(clusterObjects(files));
  if (violations.length) throw new Error('checks failed');
  t.push(performance.now());
  const texts = serializeFiles(files);
  t.push(performance.now());
  writeOutput(join(work, 'phase-out'), texts);
  t.push(performance.now());
  const names = ['load modules', 'read + validate spec', 'build construct tree', 'plan (toJson + deps)', 'render GitOps', 'synthesis checks', 'serialize YAML', 'write files'];
  return names.map((n, i) => `${n.padEnd(22)} ${(t[i + 1] - t[i]).toFixed(0).padStart(6)} ms`);
}

const a = measure(100, 10);
const b = measure(200, 10);
const line = (m) => `${m.label.padEnd(10)} ${m.objects} objects, ${m.files} files: median ${(m.ms / 1000).toFixed(2)} s over ${RUNS} runs, peak RSS ${m.rss.toFixed(0)} MB, ${Math.round(m.objects / (m.ms / 1000))} objects/s`;
console.log(`node ${process.version}, ${RUNS} runs each, full profile, kind target, end to end (process start included)`);
console.log(line(a));
console.log(line(b));
const ratio = b.ms / a.ms;
console.log(`200x10 / 100x10 time ratio: ${ratio.toFixed(2)}`);
const checks = [
  ['100x10 wall time <= 2 s', a.ms <= 2000],
  ['100x10 peak RSS <= 300 MB', a.rss <= 300],
  ['200x10 time <= 2.2 x 100x10', ratio <= 2.2],
  ['throughput >= 3300 objects/s (100x10)', a.objects / (a.ms / 1000) >= 3300],
];
for (const [name, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}`);
console.log('\nwhere the time goes (100x10, in-process, one run):');
for (const l of phases(a.file)) console.log(`  ${l}`);
rmSync(work, { recursive: true, force: true });
