import { rmSync } from 'node:fs';
import type { Route, TestRequest } from '../core/protocol';
import { startHttpsServer, type RunningHttpsServer } from '../tests/support/https-server';
import { makeImage } from '../tests/support/image';
import { createTestPki, type TestPki } from '../tests/support/test-ca';
import { startDelayingProxy, type DelayingProxy } from './delaying-proxy';

export const URL_COUNT = 40;
/** Two routes read from the machine image's stores, one given in the request: three proxies, one per route. */
export const ROUTES: Route[] = ['mde-telemetry', 'defender-av', 'explicit'];

/** 40 Defender-like URLs, all under a name the test certificate covers; the proxies send every one to 127.0.0.1. */
const SWEEP_URLS = Array.from(
  { length: URL_COUNT },
  (_, i) => `https://edr-bench${i}.us.endpoint.security.microsoft.com/edr/commands/test`,
);

export interface SweepFixture {
  proxies: DelayingProxy[];
  image: string;
  /** 40 URLs × 3 routes in one `test` request. */
  sweepRequest(extra?: Partial<TestRequest>): TestRequest;
  /** One of the same URLs through one of the same routes: the floor a sweep is compared with. */
  singleProbeRequest(extra?: Partial<TestRequest>): TestRequest;
  stop(): Promise<void>;
}

let pki: TestPki | null = null;

/**
 * A local HTTPS server (test CA), three CONNECT proxies that answer after `delayMs` (or never), and a machine
 * image whose TelemetryProxyServer and Defender AV ProxyServer point at the first two; the third is the
 * request's explicit proxy.
 */
export async function startSweepFixture(delayMs: number | 'never'): Promise<SweepFixture> {
  pki ??= createTestPki();
  const server: RunningHttpsServer = await startHttpsServer(pki);
  const proxies = await Promise.all(ROUTES.map(() => startDelayingProxy(server.port, delayMs)));
  const [telemetry, defenderAv, explicit] = proxies as [DelayingProxy, DelayingProxy, DelayingProxy];
  const image = makeImage({
    registryEncoding: 'utf8',
    registry: [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection]',
      `"TelemetryProxyServer"="127.0.0.1:${telemetry.port}"`,
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender]',
      `"ProxyServer"="127.0.0.1:${defenderAv.port}"`,
      '',
    ].join('\n'),
  });
  const resolve = Object.fromEntries(SWEEP_URLS.map((url) => [new URL(url).hostname, '127.0.0.1']));
  const base: TestRequest = { product: 'mde', machine: image, proxy: { url: explicit.url }, resolve, trustedRoots: [pki.rootPem] };
  return {
    proxies,
    image,
    sweepRequest: (extra = {}) => ({ ...base, urls: SWEEP_URLS, routes: ROUTES, ...extra }),
    singleProbeRequest: (extra = {}) => ({ ...base, url: SWEEP_URLS[0]!, routes: [ROUTES[0]!], ...extra }),
    async stop() {
      await Promise.all([server.close(), ...proxies.map((p) => p.stop())]);
      rmSync(image, { recursive: true, force: true });
    },
  };
}
