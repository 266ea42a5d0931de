// Pulumi runs this file; the program is TypeScript compiled to dist/ by `npm ci` / `npm run build`.
module.exports = require('../dist/stacks/program.js');
