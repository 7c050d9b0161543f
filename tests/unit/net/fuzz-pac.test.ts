/**
 * Generated and mutated PAC scripts through the PAC engine with small limits: every evaluation settles (an
 * answer, or an error, a broken limit with its own code), within its time limit, and the process survives:
 * endless loops, allocation loops, look-up floods, deep recursion, syntax errors, answers of any type and size.
 * Seeded (tests/support/fuzz.ts): a failure names its case.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FUZZ_SEED, dice } from '../../support/fuzz';
import { compilePac, PacLimitError } from '../../../core/net/routes/pac';

const CASES = 4000;
const LIMITS = { timeMs: 10, memoryBytes: 8 * 1024 * 1024, dnsLookupsPerUrl: 8 };
/** Far above the time limit, so that a load spike on a shared machine does not fail the run; a hang still does. */
const SETTLE_MS = 5000;
const { int, pick, chance } = dice(FUZZ_SEED ^ 0x9ac);

const NAMES = Array.from({ length: 40 }, (_, i) => `h${i}.contoso.test`);
const RESOLVE = Object.fromEntries(NAMES.map((n, i) => [n, `10.0.${i >> 8}.${i & 255}`]));
const name = () => `"${pick(NAMES)}"`;

const CONDITIONS = [
  () => `shExpMatch(host, "*.${pick(['contoso.test', 'atp.azure.com', '*', ''])}")`,
  () => `isInNet(${pick(['dnsResolve(host)', 'host', name(), '"10.1.2.3"'])}, "10.0.0.0", "255.0.0.0")`,
  () => `dnsDomainIs(host, ".${pick(['contoso.test', 'microsoft.com'])}")`,
  () => 'isPlainHostName(host)',
  () => `isResolvable(${pick(['host', name()])})`,
  () => `dnsResolve(${name()}) == "${pick(['10.0.0.1', '10.0.0.2'])}"`,
  () => `myIpAddress() != "${int(9)}.0.0.1"`,
  () => `weekdayRange("${pick(['MON', 'SUN', 'XYZ'])}", "FRI")`,
  () => `timeRange(${int(24)}, ${int(24)})`,
  () => `localHostOrDomainIs(host, ${name()})`,
  () => `dnsDomainLevels(host) > ${int(4)}`,
  () => pick(['true', 'false', 'null', 'undefined', '0', '"x"']),
];

const RETURNS = [
  () => `return "PROXY ${pick(['p', '127.0.0.1', '[::1]'])}:${int(70000)}";`,
  () => 'return "DIRECT";',
  () => `return "PROXY a:1; PROXY b:2; ${pick(['DIRECT', 'SOCKS5 s:1', 'HTTPS t:443', ''])}";`,
  () =>
    `return ${pick(['1', 'null', 'undefined', '{}', '[]', 'host', 'url', '"x".repeat(' + int(100000) + ')', 'new Error("e")', '(function(){})'])};`,
  () => `throw new ${pick(['Error', 'TypeError', 'RangeError'])}("boom ${int(100)}");`,
];

const STATEMENTS = [
  () => `if (${pick(CONDITIONS)()}) { ${pick(RETURNS)()} }`,
  () => `var v${int(9)} = ${pick(CONDITIONS)()};`,
  () => `alert(${pick(['"hi"', 'host', '1'])});`,
  () =>
    `for (var i = 0; i < ${pick([3, 100, 1e4, 1e9])}; i++) { ${pick(['dnsResolve("h" + (i % 40) + ".contoso.test");', 'var s = host + i;', 'continue;', ''])} }`,
  () => 'while (true) {}',
  () => `var a = []; for (;;) a.push(new Array(${pick([1e5, 1e6])}).fill(1));`,
  () => 'var s = "x"; for (;;) s = s + s;',
  () => 'function r(n) { return r(n + 1) + 1; } r(0);',
  () => `for (var j = 0; j < ${pick([5, 50, 500])}; j++) isResolvable(${name()});`,
  () => `try { ${pick(['while (true) {}', 'null.x', 'dnsResolve(host)'])} } catch (e) {}`,
  () => 'var o = {}; o.self = o; JSON.stringify(o);',
  () => pick(['eval("1+1");', 'new Function("return 1")();', 'Date.now();', 'Math.random();']),
];

function script(): string {
  const body = Array.from({ length: 1 + int(4) }, () => pick(STATEMENTS)()).join('\n  ');
  const top = chance(0.1) ? pick(STATEMENTS)() : '';
  let text = `${top}\nfunction FindProxyForURL(url, host) {\n  ${body}\n  ${pick(RETURNS)()}\n}`;
  if (chance(0.15)) {
    // A byte-level mutation: most give syntax errors, some change what runs.
    const at = int(text.length);
    text = text.slice(0, at) + pick(['', '{', '}', '(', ';', '"', 'while(1){}', '\u0000']) + text.slice(at + int(3));
  }
  return text;
}

function settleWithin<T>(promise: Promise<T>, what: string): Promise<{ value: T } | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${SETTLE_MS} ms`)), SETTLE_MS)),
  );
  return Promise.race([
    promise.then(
      (value) => ({ value }),
      (error) => ({ error }),
    ),
    hang,
  ]).finally(() => clearTimeout(timer));
}

test(`fuzz: ${CASES} generated and mutated PAC scripts: every evaluation settles in time with an answer or a coded error`, async () => {
  const outcomes = new Map<string, number>();
  const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  for (let n = 0; n < CASES; n++) {
    const text = script();
    const where = `case ${n} (seed ${FUZZ_SEED})`;
    const compiled = await settleWithin(compilePac(text, RESOLVE, LIMITS), `${where}: compiling`);
    if ('error' in compiled) {
      assert.not.match(String(compiled.error), /did not settle/, `${where}: ${String(compiled.error)}\n${text}`);
      count(compiled.error instanceof PacLimitError ? `compile ${compiled.error.code}` : 'compile error');
      continue;
    }
    const pac = compiled.value;
    try {
      for (const url of ['https://h1.contoso.test/x', 'http://intranet/']) {
        const answer = await settleWithin(pac.findProxy(url), `${where}: FindProxyForURL`);
        if ('error' in answer) {
          assert.not.match(String(answer.error), /did not settle/, `${where}: ${String(answer.error)}\n${text}`);
          count(answer.error instanceof PacLimitError ? answer.error.code : 'script error');
        } else count('answer');
      }
    } finally {
      pac.dispose();
    }
  }
  console.log(`  [fuzz] ${CASES} PAC scripts: ${[...outcomes].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  for (const code of ['answer', 'script error', 'PAC_TIMEOUT', 'PAC_MEMORY_LIMIT', 'PAC_DNS_LIMIT'])
    assert.ok(outcomes.has(code), `no case reached ${code}`);
});

test.run();
