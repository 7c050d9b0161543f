'use strict';
// Main script of the Linux executable: runs the bundle (a SEA asset) through vm.Script with a V8 code cache
// made after a training `get` (build/warm-start.ts), so the functions a run needs are not compiled at start.
// A cache V8 rejects (another Node version) only costs the compile it would have saved.
const { getAsset } = require('node:sea');
const { Script } = require('node:vm');

let cachedData;
try {
  cachedData = Buffer.from(getAsset('defenderproxy.codecache'));
} catch {
  cachedData = undefined;
}
const script = new Script(getAsset('defenderproxy.js', 'utf8'), { filename: 'defenderproxy.js', cachedData });
if (process.env.DEFENDERPROXY_TRACE_CODE_CACHE) {
  require('node:fs').writeSync(2, JSON.stringify({ level: 'verbose', message: `code cache ${cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted'}` }) + '\n');
}
script.runInThisContext()(require, module, __filename, __dirname);
