import { detail } from '../../messages';
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { distinguishedName, nameKey, sha1Of } from './certificate-chain';
import { PIN_FAMILIES, type PinFamily, type RootIdentity } from '../catalog/pinned-roots';

/** A root a chain may end in; with its certificate when we hold it, so a look-alike name is caught by signature. */
export interface TrustAnchor {
  name: string;
  subjectKey: string;
  sha1: string;
  certificate: X509Certificate | null;
}

export interface PinSet {
  /** For messages: the roots' names, or "any public root". */
  description: string;
  anchors: TrustAnchor[];
  /** Accept any root of the public trust store (see PinFamily `public`). */
  anyPublicRoot: boolean;
}

export type ChainJudgement =
  | { trusted: true; anchor: string }
  | { trusted: false; code: 'TLS_INTERCEPTED' | 'TLS_UNEXPECTED_ROOT' | 'TLS_FAILED'; detail: string };

export function anchorOf(certificate: X509Certificate): TrustAnchor {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1];
  return {
    name: cn ?? distinguishedName(certificate.subject),
    subjectKey: nameKey(certificate.subject),
    sha1: sha1Of(certificate),
    certificate,
  };
}

let publicAnchors: TrustAnchor[] | null = null;

/** Node's bundled public roots (Mozilla's list), parsed once. */
export function publicRootAnchors(): TrustAnchor[] {
  publicAnchors ??= rootCertificates.map((pem) => anchorOf(new X509Certificate(pem)));
  return publicAnchors;
}

function anchorOfIdentity(root: RootIdentity): TrustAnchor {
  const bundled = publicRootAnchors().find((a) => a.sha1 === root.sha1);
  return { name: root.name, subjectKey: nameKey(root.subject), sha1: root.sha1, certificate: bundled?.certificate ?? null };
}

const familyPinSets = new Map<PinFamily, PinSet>();

/** One pin set per family, made on first use: the same object for every probe, so judgements can be looked up by it. */
export function pinSetForFamily(family: PinFamily): PinSet {
  let pins = familyPinSets.get(family);
  if (!pins) {
    if (family === 'public') pins = { description: detail('PIN_ANY_PUBLIC_ROOT'), anchors: [], anyPublicRoot: true };
    else {
      const anchors = PIN_FAMILIES[family].map(anchorOfIdentity);
      pins = { description: anchors.map((a) => a.name).join(' or '), anchors, anyPublicRoot: false };
    }
    familyPinSets.set(family, pins);
  }
  return pins;
}

/** The request's `trustedRoots`: they replace the pins (tests pin a test CA this way). Throws on a bad PEM. */
export function pinSetFromPems(pems: string[]): PinSet {
  const anchors = pems.map((pem) => anchorOf(new X509Certificate(pem)));
  return { description: anchors.map((a) => a.name).join(' or '), anchors, anyPublicRoot: false };
}

export type AnchorMatch = { anchor: TrustAnchor } | { forged: TrustAnchor } | null;

/** Whether the chain's last certificate is one of the anchors or is signed by one. */
export function matchAnchor(last: X509Certificate, anchors: TrustAnchor[]): AnchorMatch {
  const sha1 = sha1Of(last);
  const itself = anchors.find((a) => a.sha1 === sha1);
  if (itself) return { anchor: itself };
  const issuerKey = nameKey(last.issuer);
  const named = anchors.filter((a) => a.subjectKey === issuerKey);
  for (const anchor of named) if (!anchor.certificate || last.verify(anchor.certificate.publicKey)) return { anchor };
  return named.length > 0 ? { forged: named[0]! } : null;
}

/** Judges the presented chain (leaf first) by its last certificate against the endpoint's pinned roots. */
export function judgeChain(chain: X509Certificate[], pins: PinSet): ChainJudgement {
  const last = chain[chain.length - 1];
  if (!last) return { trusted: false, code: 'TLS_FAILED', detail: detail('TLS_NO_CERTIFICATE') };
  const ending = detail('TLS_CHAIN_ENDS', { subject: distinguishedName(last.subject), issuer: distinguishedName(last.issuer) });
  const pinned = matchAnchor(last, pins.anchors);
  if (pinned && 'anchor' in pinned) return { trusted: true, anchor: pinned.anchor.name };
  if (pinned && 'forged' in pinned) {
    return { trusted: false, code: 'TLS_INTERCEPTED', detail: detail('TLS_LOOK_ALIKE_CA', { ending, root: pinned.forged.name }) };
  }
  const publicMatch = matchAnchor(last, publicRootAnchors());
  if (publicMatch && 'anchor' in publicMatch) {
    if (pins.anyPublicRoot) return { trusted: true, anchor: publicMatch.anchor.name };
    return {
      trusted: false,
      code: 'TLS_UNEXPECTED_ROOT',
      detail: detail('TLS_PUBLIC_ROOT_UNEXPECTED', { ending, root: publicMatch.anchor.name, expected: pins.description }),
    };
  }
  return { trusted: false, code: 'TLS_INTERCEPTED', detail: detail('TLS_ROOT_NOT_PINNED', { ending, expected: pins.description }) };
}
