import type { DefenderAvEntry, MdeSummary, MdeTelemetryEntry, MdiIssue, StoreEntry } from '../protocol';
import { conflict, note } from '../messages';

/**
 * The MDE values the EDR sensor or Defender AV cannot use, whoever reads them (002): ProxyServer without its
 * required http:// or https://, TelemetryProxyServer not in host:port form, DisableEnterpriseAuthProxy not 1.
 */
export function mdeValueIssues(telemetry: MdeTelemetryEntry | null, defenderAv: DefenderAvEntry | null): MdiIssue[] {
  const issues: MdiIssue[] = [];
  if (defenderAv?.proxyServer && !/^https?:\/\//i.test(defenderAv.proxyServer.trim())) {
    issues.push({
      ...conflict('DEFENDER_AV_SCHEME_MISSING', { proxy: defenderAv.proxyServer, hostPort: defenderAv.proxyServer.trim() }),
      stores: ['defender-av'],
    });
  }
  if (telemetry?.proxyServer) {
    if (/\s/.test(telemetry.proxyServer) || /:\/\//.test(telemetry.proxyServer)) {
      issues.push({ ...conflict('TELEMETRY_PROXY_MALFORMED', { proxy: telemetry.proxyServer }), stores: ['mde-telemetry'] });
    }
    if (telemetry.disableEnterpriseAuthProxy !== true)
      issues.push({ ...conflict('TELEMETRY_AUTH_NOT_DISABLED'), stores: ['mde-telemetry'] });
  }
  return issues;
}

/** What 002 says of Defender AV's static proxy in place: not used for updates, cached, https:// on some platforms only. */
function defenderAvNotes(defenderAv: DefenderAvEntry | null): string[] {
  if (!defenderAv?.proxyServer && !defenderAv?.proxyPacUrl) return [];
  const notes = [note('AV_NO_STATIC_PROXY_FOR_UPDATES'), note('AV_CACHES_LAST_PROXY_IN_USE')];
  if (defenderAv.proxyServer && /^\s*https:\/\//i.test(defenderAv.proxyServer))
    notes.push(note('AV_HTTPS_PROXY_SOME_VERSIONS', { proxy: defenderAv.proxyServer }));
  return notes;
}

/** The MDE stores' summary for `get` (and Get-MDEProxy): given whenever one of them was read, with or without MDI's. */
export function summarizeMde(entries: StoreEntry[]): MdeSummary {
  const telemetry = entries.find((e): e is MdeTelemetryEntry => e.store === 'mde-telemetry') ?? null;
  const defenderAv = entries.find((e): e is DefenderAvEntry => e.store === 'defender-av') ?? null;
  const issues = mdeValueIssues(telemetry, defenderAv);
  return { conflicts: issues.map((i) => i.message), issues, notes: defenderAvNotes(defenderAv) };
}
