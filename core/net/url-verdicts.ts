import type { Probe, Route, UrlVerdict } from '../protocol';
import { note } from '../messages';

/**
 * The client analyzer's rule (002): "if at least one of the connectivity options returns a (200) status, then the
 * client can communicate with the tested URL". Each URL is judged once across the routes asked for; probes keep
 * their own verdicts. A URL is required unless every probe of it says otherwise (the catalog marks it).
 */
export function urlVerdicts(probes: Probe[]): UrlVerdict[] {
  const byUrl = new Map<string, UrlVerdict>();
  for (const probe of probes) {
    let verdict = byUrl.get(probe.url);
    if (!verdict) {
      verdict = { url: probe.url, required: probe.required !== false, reachable: false, routes: [] };
      byUrl.set(probe.url, verdict);
    }
    if (probe.verdict === 'pass') {
      verdict.reachable = true;
      if (!verdict.routes.includes(probe.route)) verdict.routes.push(probe.route as Route);
    }
  }
  return [...byUrl.values()];
}

/** A test passes when every required URL is reachable; an unreachable recommended URL only warns. */
export function everyRequiredReachable(verdicts: UrlVerdict[]): boolean {
  return verdicts.every((v) => !v.required || v.reachable);
}

/** One sentence per recommended or optional URL that no route reached. */
export function optionalUrlWarnings(verdicts: UrlVerdict[], probes: Probe[]): string[] {
  return verdicts
    .filter((v) => !v.required && !v.reachable)
    .map((v) => {
      const sample = probes.find((p) => p.url === v.url);
      return note('TEST_OPTIONAL_URL_UNREACHABLE', {
        url: v.url,
        condition: sample?.condition ?? 'optional',
        code: sample?.code ?? 'unknown',
      });
    });
}
