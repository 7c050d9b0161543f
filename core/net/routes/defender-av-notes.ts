import { note } from '../../messages';
import type { RoutePlan } from './routes';

/**
 * What 002 says of Defender Antivirus's static proxy that changes how a probe through it reads: AV caches the
 * last known working proxy (a passing probe of a new proxy does not show AV already uses it, nor a failing one that
 * AV is cut off), and `https://` in ProxyServer works only on some platform versions.
 */
export function defenderAvTestNotes(plans: RoutePlan[]): string[] {
  const notes: string[] = [];
  for (const plan of plans) {
    if (plan.route !== 'defender-av' || plan.kind === 'direct' || plan.kind === 'unavailable') continue;
    notes.push(note('AV_CACHES_LAST_PROXY'));
    if (plan.kind === 'proxy' && /^\s*https:\/\//i.test(plan.text)) notes.push(note('AV_HTTPS_PROXY_SOME_VERSIONS', { proxy: plan.text }));
  }
  return notes;
}
