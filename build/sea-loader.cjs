'use strict';
// Main script of both executables: runs the bundle (a SEA asset) through vm.Script with a V8 code cache
// made after a training `get` (build/warm-start.ts), so the functions a run needs are not compiled at start.
// A cache V8 rejects (another Node version), or none (a Windows executable built where wine does not run),
// only costs the compile it would have saved.
const { getAsset } = require('node:sea');
const { Script } = require('node:vm');

// Start-up traces for tests and the bench, as JSON lines on stderr: whether V8 took the cache, and which of
// Node's own modules the run loaded (each one costs start-up: node:crypto, node:tty, perf_hooks...).
const trace = (message) => require('node:fs').writeSync(2, JSON.stringify({ level: 'verbose', message }) + '\n');
if (process.env.DEFENDERPROXY_TRACE_MODULES) {
  const before = new Set(process.moduleLoadList);
  process.on('exit', () => {
    const loaded = process.moduleLoadList
      .filter((m) => !before.has(m) && m.startsWith('NativeModule '))
      .map((m) => m.slice('NativeModule '.length));
    trace(`modules loaded: ${loaded.join(' ')}`);
  });
}

let cachedData;
try {
  cachedData = Buffer.from(getAsset('defenderproxy.codecache'));
} catch {
  cachedData = undefined;
}
const script = new Script(getAsset('defenderproxy.js', 'utf8'), { filename: 'defenderproxy.js', cachedData });
if (process.env.DEFENDERPROXY_TRACE_CODE_CACHE) {
  trace(`code cache ${cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted'}`);
}
script.runInThisContext()(require, module, __filename, __dirname);
