#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (built by `npm ci` / `npm run build` into dist/).
let main;
try {
  ({ main } = require('../dist/lib/cli/main.js'));
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('agentplane: dist/ is missing; run `npm run build` (npm ci does it for you).\n');
    process.exit(2);
  }
  throw e;
}
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`agentplane: internal error: ${e && e.message ? e.message : e}\n`); process.exitCode = 1; },
);
