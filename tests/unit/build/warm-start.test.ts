import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { trainingNode } from '../../../build/warm-start';
import { BUILD_WINEPREFIX, winePath, wineUnavailable } from '../../../build/wine-node';

test('where wine does not run, the Windows executable is built without a code cache, and the reason is given', () => {
  const none = trainingNode('win-x64', { ...process.env, PATH: '/nonexistent' });
  assert.type(none, 'string');
  assert.match(none as string, /^wine is not installed/);
});

test("where wine runs, the Windows executable's cache is trained by node.exe under wine, in the build's own prefix", () => {
  const wine = trainingNode('win-x64');
  if (wineUnavailable() !== null) {
    assert.type(wine, 'string', 'no wine here: no trainer either');
    return;
  }
  if (typeof wine === 'string') throw new Error(`wine runs here, yet: ${wine}`);
  assert.is(wine.command, 'wine');
  assert.match(wine.args[0]!, /node\.exe$/);
  assert.is(wine.env.WINEPREFIX, BUILD_WINEPREFIX);
  assert.is(wine.path('/work/a b/x.js'), 'Z:\\work\\a b\\x.js');
});

test('the Linux executable is trained by the stock Linux node, directly', () => {
  const linux = trainingNode('linux-x64');
  if (typeof linux === 'string') throw new Error(linux);
  assert.match(linux.command, /\/node$/);
  assert.equal(linux.args, []);
  assert.is(linux.path('/tmp/dc01'), '/tmp/dc01');
});

test('winePath names a file of this machine as programs under wine see it', () => {
  assert.is(winePath('/tmp/dc01'), 'Z:\\tmp\\dc01');
});

test.run();
