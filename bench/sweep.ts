import { EXE_DEFAULT_CONCURRENCY } from './executables';
import { CURL_PARALLEL_MAX, curlVersion, runCurl, type CurlWay } from './curl-peers';
import { startPeerFixture, type PeerFixture } from './peer-fixture';
import type { Figure } from './report';
import { formatSummary, pairedRatio, summarize, type Summary } from './stats';
import { runTestCommand } from './test-command';

const RUNS = 5;
export const PROXY_DELAY_MS = 200;
export const SIZES = [40, 160, 640] as const;
const SEQUENTIAL_SIZE = 40;

interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** One client run the same way in every round, e.g. the product on 160 URLs or `curl -Z` on 640. */
interface Contestant {
  key: string;
  urls: number;
  /** Transfers in flight at once. */
  parallelism: number;
  label: string;
  run(fixture: PeerFixture): Promise<Sample>;
}

const capped = (n: number) => Math.min(n, EXE_DEFAULT_CONCURRENCY);

function product(urls: number, concurrency?: number): Contestant {
  const parallelism = concurrency ?? capped(urls);
  return {
    key: concurrency === undefined ? `product ${urls}` : `product ${urls} all`,
    urls,
    parallelism,
    label: concurrency === undefined ? 'defenderproxy test' : `defenderproxy test, concurrency ${concurrency}`,
    run: async (fixture) => {
      const run = await runTestCommand(fixture.request(urls, concurrency === undefined ? {} : { concurrency }), urls, 'pass', true);
      return { wallMs: run.wallMs, cpuMs: run.cpuMs! };
    },
  };
}

function curl(urls: number, way: CurlWay, key: string, label: string, parallelism: number): Contestant {
  return {
    key,
    urls,
    parallelism,
    label,
    run: async (fixture) => {
      const run = await runCurl(way, fixture.urls(urls), fixture.proxy.url, fixture.caFile);
      return { wallMs: run.wallMs, cpuMs: run.cpuMs! };
    },
  };
}

/**
 * Every client, per size: the product at its default concurrency cap; `curl -Z` and `xargs -P` curl with the same
 * parallelism; above the cap, the product with every probe in flight and `curl -Z` at its own maximum; at 40 URLs
 * the sequential loop. One probe is the floor.
 */
function contestants(): Contestant[] {
  const list: Contestant[] = [product(1)];
  for (const n of SIZES) {
    const p = capped(n);
    list.push(product(n));
    list.push(curl(n, { kind: 'parallel', parallelMax: p }, `curl-Z ${n}`, `curl -Z --parallel-max ${p}`, p));
    list.push(curl(n, { kind: 'xargs', processes: p }, `xargs ${n}`, `xargs -P ${p} curl`, p));
    if (n > EXE_DEFAULT_CONCURRENCY) {
      const curlMax = Math.min(n, CURL_PARALLEL_MAX);
      list.push(product(n, n));
      list.push(
        curl(
          n,
          { kind: 'parallel', parallelMax: n },
          `curl-Z ${n} all`,
          `curl -Z --parallel-max ${curlMax}${curlMax < n ? ` (${n} asked)` : ''}`,
          curlMax,
        ),
      );
    }
    if (n === SEQUENTIAL_SIZE) list.push(curl(n, { kind: 'sequential' }, `sequential ${n}`, 'curl, one URL after the other', 1));
  }
  return list;
}

type Results = Map<string, Sample[]>;

const walls = (results: Results, key: string) => results.get(key)!.map((s) => s.wallMs);
const cpus = (results: Results, key: string) => results.get(key)!.map((s) => s.cpuMs);
const wallRatio = (results: Results, a: string, b: string) => pairedRatio(walls(results, a), walls(results, b)).median;
const cpuRatio = (results: Results, a: string, b: string) => pairedRatio(cpus(results, a), cpus(results, b)).median;
const cpuPerUrl = (results: Results, key: string, urls: number): Summary => summarize(cpus(results, key).map((cpu) => cpu / urls));
const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** The issue's table: per size, the product against its floor and against each way of running curl. */
function comparisonTable(results: Results): string {
  const rows = SIZES.map((n) => {
    const all = results.has(`product ${n} all`);
    const perUrl = cpuPerUrl(results, `product ${n}`, n).median;
    const curlPerUrl = cpuPerUrl(results, `curl-Z ${n}`, n).median;
    const cells = [
      `${n}`,
      `${x(wallRatio(results, `product ${n}`, 'product 1'))}${all ? ` (${x(wallRatio(results, `product ${n} all`, 'product 1'))} with concurrency = N)` : ''}`,
      `${ms(perUrl)} (curl -Z ${ms(curlPerUrl)})`,
      x(wallRatio(results, `product ${n}`, `xargs ${n}`)),
      results.has(`sequential ${n}`) ? `1/${(1 / wallRatio(results, `product ${n}`, `sequential ${n}`)).toFixed(0)}` : '—',
      `${x(wallRatio(results, `product ${n}`, `curl-Z ${n}`))} wall, ${x(cpuRatio(results, `product ${n}`, `curl-Z ${n}`))} CPU${
        all
          ? `; concurrency = N: ${x(wallRatio(results, `product ${n} all`, `curl-Z ${n} all`))} wall, ${x(cpuRatio(results, `product ${n} all`, `curl-Z ${n} all`))} CPU`
          : ''
      }`,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    `Side by side (N URLs, one route, through a CONNECT proxy that adds ${PROXY_DELAY_MS} ms per connection; paired medians of ${RUNS} interleaved runs; the product at its default concurrency cap of ${EXE_DEFAULT_CONCURRENCY} and each curl with the same parallelism):`,
    '',
    '| N | product ÷ one probe | product CPU per URL | ÷ `xargs -P` curl (wall) | ÷ sequential curl (wall) | ÷ `curl -Z` |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Every contestant's own medians, so each ratio above can be checked. */
function rawTable(results: Results, list: Contestant[]): string {
  const rows = list.map((c) => {
    const samples = results.get(c.key)!;
    const wall = summarize(samples.map((s) => s.wallMs));
    const cpu = summarize(samples.map((s) => s.cpuMs));
    return `| ${c.label} | ${c.urls} | ${c.parallelism} | ${formatSummary(wall)} | ${formatSummary(cpu)} | ${ms(cpuPerUrl(results, c.key, c.urls).median)} |`;
  });
  return ['| client | URLs | in flight | wall | CPU | CPU per URL |', '|---|---|---|---|---|---|', ...rows, ''].join('\n');
}

function figures(results: Results): Figure[] {
  const oneProbe = summarize(walls(results, 'product 1'));
  const at = (n: number) => summarize(walls(results, `product ${n}`));
  const detailVsCurl = (n: number) =>
    `defenderproxy ${formatSummary(at(n))} ÷ curl -Z --parallel-max ${capped(n)} ${formatSummary(summarize(walls(results, `curl-Z ${n}`)))}, paired`;
  const floor = wallRatio(results, 'product 160', 'product 1');
  const cpu640 = cpuRatio(results, 'product 640', 'curl-Z 640');
  return [
    {
      name: `Sweep of 160 URLs ÷ one probe (+${PROXY_DELAY_MS} ms per connection)`,
      value: floor,
      unit: '×',
      digits: 2,
      goal: 1.6,
      runs: RUNS,
      detail: `160 URLs ${formatSummary(at(160))} ÷ one probe ${formatSummary(oneProbe)}, paired (sequential: 160×)`,
    },
    ...[160, 640].map((n) => ({
      name: `Wall of ${n} URLs ÷ curl -Z's (same parallelism)`,
      value: wallRatio(results, `product ${n}`, `curl-Z ${n}`),
      unit: '×',
      digits: 2,
      goal: 1,
      runs: RUNS,
      detail: detailVsCurl(n),
    })),
    {
      name: "CPU per URL ÷ curl -Z's (640 URLs)",
      value: cpu640,
      unit: '×',
      digits: 2,
      goal: 1,
      runs: RUNS,
      detail: `defenderproxy ${ms(cpuPerUrl(results, 'product 640', 640).median)} ÷ curl -Z ${ms(cpuPerUrl(results, 'curl-Z 640', 640).median)} per URL (all CPU of each process, start-up included), paired`,
      extra: [comparisonTable(results), rawTable(results, contestants())].join('\n'),
    },
  ];
}

/**
 * The sweep against the tools an admin would use instead, all in the same runs: one probe (the floor), the
 * product at 40, 160 and 640 URLs, `curl -Z`, `xargs -P` curl and (at 40) a sequential curl loop, each round
 * running every client once so the machine's load weighs on all of them alike.
 */
export async function measureSweep(): Promise<Figure[]> {
  const version = curlVersion();
  const fixture = await startPeerFixture(PROXY_DELAY_MS);
  try {
    const list = contestants();
    const results: Results = new Map(list.map((c) => [c.key, []]));
    for (let round = 0; round < RUNS; round++) {
      for (const contestant of list) results.get(contestant.key)!.push(await contestant.run(fixture));
    }
    const measured = figures(results);
    measured[measured.length - 1]!.detail += `; curl ${version}`;
    return measured;
  } finally {
    await fixture.stop();
  }
}
