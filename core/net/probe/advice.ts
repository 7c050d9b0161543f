import type { ProbeCode } from '../../messages';

/**
 * Probe outcome codes are the keys of the locale's `advice` section (core/locales/en-us.json): each has the
 * one sentence an admin acts on. Codes are stable: scripts match on them. A code names what happened; the
 * probe's `stage` says where.
 */
export { adviceFor, type ProbeCode } from '../../messages';

/** Codes that count as a passed probe. */
export const PASSING_CODES: ReadonlySet<ProbeCode> = new Set<ProbeCode>(['OK', 'OK_LEGACY_WORKSPACE']);
