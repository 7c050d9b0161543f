import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { CertificateInfo } from '../../protocol';
import { describe } from './certificate-chain';
import { judgeChain, type ChainJudgement, type PinSet } from './pinning';

/**
 * The peer's chain as Node links it with getPeerCertificate(true): leaf first, then each certificate's issuer
 * found among those the server presented (not their order on the wire; one not issuing the previous is left
 * out), each once. Not getPeerX509Certificate(): its issuerCertificate follows the order on the wire, it empties
 * the socket's peer chain as it reads it, and Node 22 leaks the certificates it copies (~10 KB per handshake).
 */
function linkedPeerCertificates(socket: TLSSocket): DetailedPeerCertificate[] {
  const linked: DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (current && current.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    linked.push(current);
    current = current.issuerCertificate;
  }
  return linked;
}

/**
 * A chain a server presented, parsed, described and judged once per process: the probes of a sweep meet the
 * same few chains (the service's, or an intercepting proxy's) over and over, so the X.509 parsing, the signature
 * check against the pinned roots and the host-name check are looked up by the chain's SHA-256 fingerprints
 * instead of being redone per probe. Everything kept depends only on those certificates (and the pin set or
 * host asked about), so a probe that finds its chain here gets exactly what working it out again would give.
 */
export class PresentedChain {
  /** Leaf first. */
  readonly certificates: X509Certificate[];
  private readonly described: CertificateInfo[];
  private readonly judgements = new WeakMap<PinSet, ChainJudgement>();
  private readonly nameChecks = new Map<string, string | null>();

  private constructor(private readonly leaf: DetailedPeerCertificate | undefined, linked: DetailedPeerCertificate[]) {
    this.certificates = linked.map((certificate) => new X509Certificate(certificate.raw));
    this.described = this.certificates.map(describe);
  }

  /** The chains met so far, by fingerprints; bounded for a long-lived host, oldest dropped first. */
  private static readonly seen = new Map<string, PresentedChain>();
  static readonly MAX_KEPT = 64;

  /** The chain `socket` was presented (after its handshake), captured without trusting it. */
  static of(socket: TLSSocket): PresentedChain {
    const linked = linkedPeerCertificates(socket);
    const key = linked.map((certificate) => certificate.fingerprint256).join(',');
    let chain = PresentedChain.seen.get(key);
    if (!chain) {
      chain = new PresentedChain(linked[0], linked);
      if (PresentedChain.seen.size >= PresentedChain.MAX_KEPT) PresentedChain.seen.delete(PresentedChain.seen.keys().next().value!);
      PresentedChain.seen.set(key, chain);
    }
    return chain;
  }

  /** For the probe's record: a copy, so nothing a caller does to it reaches the next probe. */
  describe(): CertificateInfo[] {
    return this.described.map((info) => ({ ...info }));
  }

  /** judgeChain() of these certificates against `pins`, once per pin set. */
  judge(pins: PinSet): ChainJudgement {
    let judgement = this.judgements.get(pins);
    if (!judgement) {
      judgement = judgeChain(this.certificates, pins);
      this.judgements.set(pins, judgement);
    }
    return judgement;
  }

  /**
   * Why the leaf does not cover `host`, or null: Node's own checkServerIdentity on the leaf as getPeerCertificate()
   * gives it, once per host. Not X509Certificate.checkHost: OpenSSL's matcher refuses names Node accepts (a
   * trailing dot, `f*o.example.com` for `fo.example.com`), which would change verdicts.
   */
  nameMismatch(host: string): string | null {
    let mismatch = this.nameChecks.get(host);
    if (mismatch === undefined) {
      mismatch = checkServerIdentity(host, this.leaf ?? ({} as DetailedPeerCertificate))?.message ?? null;
      this.nameChecks.set(host, mismatch);
    }
    return mismatch;
  }
}
