import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runExe } from '../../support/exe';
import { copyExampleImage } from '../../support/image';

// Every example request in examples/requests stays a valid request that works on the example image.
const FOLDER = join(ROOT, 'examples', 'requests');

for (const file of readdirSync(FOLDER).filter((f) => f.endsWith('.json'))) {
  test(`examples/requests/${file} runs on a copy of examples/dc01`, () => {
    const command = file.split('-')[0]!;
    const request = JSON.parse(readFileSync(join(FOLDER, file), 'utf8'));
    if ('machine' in request) request.machine = copyExampleImage();
    const result = runExe([command], request);
    assert.ok(result.status === 0 || result.status === 1, `${file}: exit ${result.status} ${result.stdout}`);
    assert.is(result.json.ok, true, result.stdout);
  });
}

test.run();
