import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestRequest } from '../core/protocol';
import { startHttpsServer, type RunningHttpsServer } from '../tests/support/https-server';
import { createTestPki } from '../tests/support/test-ca';
import { startDelayingProxy, type DelayingProxy } from './delaying-proxy';

/** What every client in the comparison is given: N URLs, one CONNECT proxy, the test CA. */
export interface PeerFixture {
  proxy: DelayingProxy;
  /** The test root CA as a PEM file, for curl's --cacert. */
  caFile: string;
  urls(count: number): string[];
  /** The product's request for the first `count` URLs through the proxy (the `explicit` route). */
  request(count: number, extra?: Partial<TestRequest>): TestRequest;
  stop(): Promise<void>;
}

/** Defender-like URLs, all under a name the test certificate covers; the proxy sends every one to 127.0.0.1. */
function benchUrls(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `https://edr-bench${i}.us.endpoint.security.microsoft.com/edr/commands/test`);
}

/**
 * A local HTTPS server (test CA) behind one CONNECT proxy that answers each CONNECT after `delayMs`, as a busy
 * proxy with a distant upstream would. Both listen with a deep queue: hundreds of clients connect at once.
 */
export async function startPeerFixture(delayMs: number | 'never'): Promise<PeerFixture> {
  const pki = createTestPki();
  const folder = mkdtempSync(join(tmpdir(), 'dp-bench-peers-'));
  const caFile = join(folder, 'root.pem');
  writeFileSync(caFile, pki.rootPem);
  const server: RunningHttpsServer = await startHttpsServer(pki, { backlog: 4096 });
  const proxy = await startDelayingProxy(server.port, delayMs);
  return {
    proxy,
    caFile,
    urls: benchUrls,
    // A time limit far above any run's: on a loaded machine hundreds of handshakes may queue for seconds, and a
    // probe that timed out would fail the run instead of timing it.
    request: (count, extra = {}) => ({
      product: 'mde',
      urls: benchUrls(count),
      routes: ['explicit'],
      proxy: { url: proxy.url },
      trustedRoots: [pki.rootPem],
      timeoutMs: 60_000,
      ...extra,
    }),
    async stop() {
      await Promise.all([server.close(), proxy.stop()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
