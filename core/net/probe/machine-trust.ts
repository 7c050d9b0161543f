import { detail } from '../../messages';
import { X509Certificate } from 'node:crypto';
import type { ProbeCode } from './advice';
import { distinguishedName } from './certificate-chain';
import { anchorOf, matchAnchor, type TrustAnchor } from './pinning';

/** The trusted roots of the machine a test runs for (LocalMachine\Root, live or in an image). */
export interface MachineRoots {
  /** For messages: `LocalMachine\Root of <machine>`. */
  where: string;
  anchors: TrustAnchor[];
}

export type TrustProblem = { code: ProbeCode; detail: string } | null;

/**
 * The machine's roots, or null when none are known: a Windows root store is never empty, so an empty list means
 * the image did not capture it (no certificates/LocalMachine/Root/) and the check is skipped rather than failing
 * every chain. A file that is no certificate is left out, as Windows would.
 */
export function machineRootsFrom(ders: Buffer[], where: string): MachineRoots | null {
  const anchors: TrustAnchor[] = [];
  for (const der of ders) {
    try {
      anchors.push(anchorOf(new X509Certificate(der)));
    } catch {
      // not a certificate: it cannot anchor anything
    }
  }
  return anchors.length > 0 ? { where, anchors } : null;
}

/**
 * 000/001: on a certificate error, "ensure that you have the required trusted root certificates installed". The
 * chain (leaf first) must end in a certificate of the machine's store, or one issued and signed by it; the root
 * matched is returned so its own dates can be checked.
 */
export function machineTrustOf(
  chain: X509Certificate[],
  roots: MachineRoots,
): { root: TrustAnchor } | { problem: NonNullable<TrustProblem> } {
  const last = chain[chain.length - 1];
  if (!last) return { problem: { code: 'TLS_FAILED', detail: detail('TLS_NO_CERTIFICATE') } };
  const match = matchAnchor(last, roots.anchors);
  if (match && 'anchor' in match) return { root: match.anchor };
  const issuer = distinguishedName(last.issuer);
  const why = match ? detail('TLS_ROOT_NOT_SIGNER', { issuer }) : detail('TLS_ROOT_ABSENT', { issuer });
  return {
    problem: {
      code: 'TLS_ROOT_NOT_TRUSTED',
      detail: detail('TLS_CHAIN_NOT_TRUSTED', { subject: distinguishedName(last.subject), why, where: roots.where }),
    },
  };
}

/**
 * The first certificate outside its validity dates at `now`: the presented chain and the root it ends in.
 * Windows (CERT_TRUST_IS_NOT_TIME_VALID) rejects such a chain however trusted its root is.
 */
export function validityProblem(certificates: X509Certificate[], now: Date): TrustProblem {
  for (const certificate of certificates) {
    const from = Date.parse(certificate.validFrom);
    const to = Date.parse(certificate.validTo);
    const name = distinguishedName(certificate.subject);
    if (Number.isFinite(to) && now.getTime() > to)
      return { code: 'TLS_CERT_EXPIRED', detail: detail('CERT_EXPIRED_ON', { name, date: certificate.validTo }) };
    if (Number.isFinite(from) && now.getTime() < from)
      return { code: 'TLS_CERT_NOT_YET_VALID', detail: detail('CERT_VALID_ONLY_FROM', { name, date: certificate.validFrom }) };
  }
  return null;
}
