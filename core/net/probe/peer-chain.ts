import { X509Certificate, hash } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { CertificateInfo } from '../../protocol';
import { describe } from './certificate-chain';
import { judgeChain, type ChainJudgement, type PinSet } from './pinning';

/**
 * The certificates the server presented, in DER, leaf first and then in their order on the wire: one native
 * call (getPeerX509Certificate and its issuer links), with no parsing and no fingerprints. getPeerCertificate(true)
 * built a whole object per certificate with SHA-1, SHA-256 and SHA-512 fingerprints just to key the cache below:
 * ~0.2 ms, the largest cost of a probe after the handshake itself.
 *
 * Two things to know: the call takes the leaf out of the socket's peer chain (read it once, and never call
 * getPeerCertificate on the socket afterwards), and Node 22 keeps the copies of the other certificates it makes
 * (~7 KB per handshake, measured; gone when the process ends).
 */
function presentedDer(socket: TLSSocket): Buffer[] {
  const der: Buffer[] = [];
  let current: X509Certificate | undefined = socket.getPeerX509Certificate();
  while (current) {
    der.push(current.raw);
    current = current.issuerCertificate;
  }
  return der;
}

/**
 * Leaf first, then each certificate's issuer found among the others the server presented (not their order on the
 * wire; one not issuing the previous is left out), each once: how Node links getPeerCertificate(true), with the
 * same OpenSSL check (X509_check_issued). A certificate sent twice ends the chain where it comes again.
 */
function linkByIssuer(presented: X509Certificate[]): X509Certificate[] {
  const [leaf, ...others] = presented;
  if (!leaf) return [];
  const linked = [leaf];
  for (let current = leaf; ; ) {
    const index = others.findIndex((candidate) => current.checkIssued(candidate));
    if (index === -1) break;
    const issuer = others.splice(index, 1)[0]!;
    if (linked.some((certificate) => certificate.raw.equals(issuer.raw))) break;
    linked.push(issuer);
    current = issuer;
  }
  return linked;
}

/**
 * A chain a server presented, parsed, described and judged once per process: the probes of a sweep meet the
 * same few chains (the service's, or an intercepting proxy's) over and over, so the X.509 parsing, the linking,
 * the fingerprints the result reports, the signature check against the pinned roots and the host-name check are
 * looked up by a SHA-256 of the presented DER instead of being redone per probe. Everything kept depends only on
 * those bytes (and the pin set or host asked about), so a probe that finds its chain here gets exactly what
 * working it out again would give.
 */
export class PresentedChain {
  /** Leaf first. */
  readonly certificates: X509Certificate[];
  private readonly described: CertificateInfo[];
  /** The leaf as getPeerCertificate() gives it, for Node's own host-name check. */
  private readonly leaf: PeerCertificate | undefined;
  private readonly judgements = new WeakMap<PinSet, ChainJudgement>();
  private readonly nameChecks = new Map<string, string | null>();

  private constructor(der: Buffer[]) {
    this.certificates = linkByIssuer(der.map((bytes) => new X509Certificate(bytes)));
    this.described = this.certificates.map(describe);
    this.leaf = this.certificates[0]?.toLegacyObject();
  }

  /** The chains met so far, by the hash of their DER; bounded for a long-lived host, oldest dropped first. */
  private static readonly seen = new Map<string, PresentedChain>();
  static readonly MAX_KEPT = 64;

  /** The chain `socket` was presented (after its handshake), captured without trusting it. */
  static of(socket: TLSSocket): PresentedChain {
    const der = presentedDer(socket);
    // DER is self-delimiting: the concatenation of the certificates names the sequence unambiguously.
    const key = hash('sha256', Buffer.concat(der), 'base64');
    let chain = PresentedChain.seen.get(key);
    if (!chain) {
      chain = new PresentedChain(der);
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
   * gives it (X509Certificate.toLegacyObject, made once per chain), once per host. Not X509Certificate.checkHost:
   * OpenSSL's matcher refuses names Node accepts (a trailing dot, `f*o.example.com` for `fo.example.com`), which
   * would change verdicts.
   */
  nameMismatch(host: string): string | null {
    let mismatch = this.nameChecks.get(host);
    if (mismatch === undefined) {
      mismatch = checkServerIdentity(host, this.leaf ?? ({} as PeerCertificate))?.message ?? null;
      this.nameChecks.set(host, mismatch);
    }
    return mismatch;
  }
}
