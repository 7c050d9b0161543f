/**
 * The roots each Defender endpoint's certificate chain must end in. Servers rarely send the root itself, so a
 * root is known by its subject (matched against the last presented certificate's issuer) and its SHA-1.
 * Sources: FACTS.md §1 (sensor API) and §2 (MDE issuer families); fingerprints checked against Node's bundled
 * Mozilla roots and, for Microsoft Root Certificate Authority 2011 (not in that bundle), against its published
 * certificate.
 */
export interface RootIdentity {
  name: string;
  /** Subject in Node's multi-line form (`C=US\nO=…\nCN=…`). */
  subject: string;
  sha1: string;
}

export const ROOTS = {
  digicertGlobalRootG2: {
    name: 'DigiCert Global Root G2',
    subject: 'C=US\nO=DigiCert Inc\nOU=www.digicert.com\nCN=DigiCert Global Root G2',
    sha1: 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4',
  },
  digicertGlobalRootCA: {
    name: 'DigiCert Global Root CA',
    subject: 'C=US\nO=DigiCert Inc\nOU=www.digicert.com\nCN=DigiCert Global Root CA',
    sha1: 'A8985D3A65E5E5C4B2D7D66D40C6DD2FB19C5436',
  },
  digicertGlobalRootG3: {
    name: 'DigiCert Global Root G3',
    subject: 'C=US\nO=DigiCert Inc\nOU=www.digicert.com\nCN=DigiCert Global Root G3',
    sha1: '7E04DE896A3E666D00E687D33FFAD93BE83D349E',
  },
  microsoftRoot2011: {
    name: 'Microsoft Root Certificate Authority 2011',
    subject: 'C=US\nST=Washington\nL=Redmond\nO=Microsoft Corporation\nCN=Microsoft Root Certificate Authority 2011',
    sha1: '8F43288AD272F3103B6FB1428485EA3014C0BCFE',
  },
  microsoftRsaRoot2017: {
    name: 'Microsoft RSA Root Certificate Authority 2017',
    subject: 'C=US\nO=Microsoft Corporation\nCN=Microsoft RSA Root Certificate Authority 2017',
    sha1: '73A5E64A3BFF8316FF0EDCCC618A906E4EAE4D74',
  },
  microsoftEccRoot2017: {
    name: 'Microsoft ECC Root Certificate Authority 2017',
    subject: 'C=US\nO=Microsoft Corporation\nCN=Microsoft ECC Root Certificate Authority 2017',
    sha1: '999A64C37FF47D9FAB95F14769891460EEC4C3C5',
  },
} as const satisfies Record<string, RootIdentity>;

/**
 * Which roots an endpoint may chain to. `public` is any root in Node's bundled public trust store: used for
 * Azure storage and redirect hosts whose CA Microsoft does not fix; a private inspection CA is still caught.
 */
export type PinFamily = 'mdi-commercial' | 'mdi-gcc-high' | 'mde' | 'public';

export const PIN_FAMILIES: Record<Exclude<PinFamily, 'public'>, RootIdentity[]> = {
  // Chain seen: DigiCert Global Root G2 › Microsoft Azure TLS Issuing CA › *.atp.azure.com (GCC is commercial Azure).
  'mdi-commercial': [ROOTS.digicertGlobalRootG2],
  'mdi-gcc-high': [ROOTS.digicertGlobalRootCA],
  // Microsoft Secure Server CA › Root 2011; Microsoft Azure TLS › G2; DigiCert SHA2 › Global Root CA. The G3 and
  // Microsoft 2017 roots are where Azure's newer ECC/RSA issuing CAs chain [I]: Microsoft's own, never an inspector's.
  mde: [
    ROOTS.microsoftRoot2011,
    ROOTS.digicertGlobalRootG2,
    ROOTS.digicertGlobalRootCA,
    ROOTS.digicertGlobalRootG3,
    ROOTS.microsoftRsaRoot2017,
    ROOTS.microsoftEccRoot2017,
  ],
};
