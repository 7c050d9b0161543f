/**
 * What a probe offers in its ClientHello: what Windows' SChannel offers by default, since the MDI sensor and MDE
 * speak through SChannel. A probe then fails where the sensor would: a middlebox that chokes on a large
 * ClientHello (Node 22's default carries a 1.2 KB post-quantum key share) is neither hidden nor invented, and a
 * server that accepts only suites SChannel does not offer fails the probe too.
 *
 * Sources (Microsoft Learn): "TLS Cipher Suites in Windows Server 2022" (the list for 2022 and later, 2025
 * included): TLS 1.3 first, then TLS 1.2, in this order; Windows 10 v1607 and v1809 (Server 2016 and 2019) have the
 * same TLS 1.2 list in the same order and no TLS 1.3. Left out: TLS_RSA_WITH_3DES_EDE_CBC_SHA, which
 * SCH_USE_STRONG_CRYPTO filters on Server 2022 (the sensor needs .NET's strong crypto, see FACTS.md), and the NULL
 * suites, offered only when an application asks for them. The 2022 page marks TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
 * as filtered by strong crypto while 2016 and 2019 keep it, and its AES-128 twin stays on all three: kept.
 * "TLS Elliptic Curves in Windows 10 1607 and later": curve25519, NistP256, NistP384, in that order.
 */

/** OpenSSL's names for SChannel's default suites, in SChannel's order (IANA names in the comments). */
export const SCHANNEL_CIPHER_SUITES = [
  'TLS_AES_256_GCM_SHA384', // TLS 1.3
  'TLS_AES_128_GCM_SHA256', // TLS 1.3
  'ECDHE-ECDSA-AES256-GCM-SHA384', // TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
  'ECDHE-ECDSA-AES128-GCM-SHA256', // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
  'ECDHE-RSA-AES256-GCM-SHA384', // TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
  'ECDHE-RSA-AES128-GCM-SHA256', // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  'DHE-RSA-AES256-GCM-SHA384', // TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
  'DHE-RSA-AES128-GCM-SHA256', // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
  'ECDHE-ECDSA-AES256-SHA384', // TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
  'ECDHE-ECDSA-AES128-SHA256', // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
  'ECDHE-RSA-AES256-SHA384', // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
  'ECDHE-RSA-AES128-SHA256', // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
  'ECDHE-ECDSA-AES256-SHA', // TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
  'ECDHE-ECDSA-AES128-SHA', // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
  'ECDHE-RSA-AES256-SHA', // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
  'ECDHE-RSA-AES128-SHA', // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
  'AES256-GCM-SHA384', // TLS_RSA_WITH_AES_256_GCM_SHA384
  'AES128-GCM-SHA256', // TLS_RSA_WITH_AES_128_GCM_SHA256
  'AES256-SHA256', // TLS_RSA_WITH_AES_256_CBC_SHA256
  'AES128-SHA256', // TLS_RSA_WITH_AES_128_CBC_SHA256
  'AES256-SHA', // TLS_RSA_WITH_AES_256_CBC_SHA
  'AES128-SHA', // TLS_RSA_WITH_AES_128_CBC_SHA
];

/**
 * SChannel's groups, in its order. OpenSSL sends a key share for the first only (x25519), as SChannel does; no
 * X25519MLKEM768, which Node 22 (OpenSSL 3.5) puts first by default and which costs a key generation per probe.
 */
export const SCHANNEL_GROUPS = ['X25519', 'P-256', 'P-384'];

/** The options of node:tls createSecureContext that make its ClientHello SChannel's. */
export const SCHANNEL_HELLO = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.3',
  ciphers: SCHANNEL_CIPHER_SUITES.join(':'),
  ecdhCurve: SCHANNEL_GROUPS.join(':'),
} as const;
