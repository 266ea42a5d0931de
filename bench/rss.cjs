// Preloaded into the measured process: records its peak resident set size at exit.
const { writeFileSync } = require('node:fs');
const file = process.env.AGENTPLANE_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
