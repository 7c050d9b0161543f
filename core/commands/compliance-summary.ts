import type { ComplianceResult, ComplianceStatus, DesiredState, Difference, ErrorInfo, Probe, Product, SetResult } from '../protocol';
import { phrase } from '../messages';

/** Intune shows the first 2048 characters of a detection script's output; a little room is left for the script. */
export const SUMMARY_LIMIT = 2000;

/** One line for an agent's log: every run of white space (line breaks too) becomes one space, cut at the limit. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SUMMARY_LIMIT ? `${line.slice(0, SUMMARY_LIMIT - 3)}...` : line;
}

/** The one product a compliance request names. */
export function productOf(desired: DesiredState): Product | null {
  if (desired.mdi && !desired.mde) return 'mdi';
  if (desired.mde && !desired.mdi) return 'mde';
  return null;
}

/** "MDI proxy http://proxy:8080 (auto)", "MDE proxy proxy:8080" or "no MDE proxy": what the desired state asks. */
export function describeDesired(desired: DesiredState): string {
  if (desired.mdi) {
    return desired.mdi.proxyUrl === null
      ? phrase('COMPLIANCE_NO_PROXY', { product: 'MDI' })
      : phrase('COMPLIANCE_MDI_PROXY', { url: desired.mdi.proxyUrl, method: desired.mdi.method ?? 'auto' });
  }
  const server = desired.mde?.proxyServer ?? null;
  return server === null ? phrase('COMPLIANCE_NO_PROXY', { product: 'MDE' }) : phrase('COMPLIANCE_MDE_PROXY', { server });
}

function errorReason(error: ErrorInfo): string {
  return phrase('COMPLIANCE_ERROR_REASON', { code: error.code, message: error.message });
}

interface Outcome {
  status: ComplianceStatus;
  reason: string | null;
  summary: string;
  differences?: Difference[];
  probes?: Probe[];
  error?: ErrorInfo | null;
  change?: SetResult | null;
  backup?: string | null;
}

/** The result every path ends in: compliant and exit code follow from the status, the texts become one line each. */
function resultOf(product: Product, outcome: Outcome): ComplianceResult {
  const compliant = outcome.status === 'compliant' || outcome.status === 'repaired' || outcome.status === 'already-compliant';
  return {
    product,
    compliant,
    status: outcome.status,
    reason: outcome.reason === null ? null : oneLine(outcome.reason),
    summary: oneLine(outcome.summary),
    exitCode: compliant ? 0 : 1,
    differences: outcome.differences ?? [],
    probes: outcome.probes ?? [],
    error: outcome.error ?? null,
    change: outcome.change ?? null,
    backup: outcome.backup ?? outcome.change?.backup ?? null,
  };
}

export function compliantResult(product: Product, desired: DesiredState, probes: Probe[] = [], tested = false): ComplianceResult {
  const what = describeDesired(desired);
  const summary = tested ? phrase('COMPLIANCE_REACHABLE', { what, probes: probes.length }) : phrase('COMPLIANCE_COMPLIANT', { what });
  return resultOf(product, { status: 'compliant', reason: null, summary, probes });
}

export function driftResult(product: Product, differences: Difference[]): ComplianceResult {
  const list = differences
    .map((d) =>
      phrase('COMPLIANCE_DIFFERENCE', { field: d.field, actual: d.actual ?? phrase('NONE'), desired: d.desired ?? phrase('NONE') }),
    )
    .join('; ');
  const reason = phrase('COMPLIANCE_DRIFT_REASON', { count: differences.length, list });
  return resultOf(product, { status: 'drift', reason, summary: phrase('COMPLIANCE_DRIFT', { reason }), differences });
}

/** Probes of a connectivity test, at least one failed: the first failure names the stage, code and advice. */
export function connectivityFailedResult(product: Product, probes: Probe[]): ComplianceResult {
  const failed = probes.filter((p) => p.verdict !== 'pass');
  const first = failed[0]!;
  return resultOf(product, {
    status: 'connectivity-failed',
    reason: phrase('COMPLIANCE_CONNECTIVITY_REASON', { url: first.url, route: first.route, stage: first.stage, code: first.code }),
    summary: phrase('COMPLIANCE_CONNECTIVITY_FAILED', {
      failed: failed.length,
      total: probes.length,
      url: first.url,
      route: first.route,
      stage: first.stage,
      code: first.code,
      advice: first.advice,
    }),
    probes,
  });
}

/** A check that could not be made (an invalid desired state, an unreadable machine): a result, not a thrown error. */
export function errorResult(product: Product, error: ErrorInfo, differences: Difference[] = []): ComplianceResult {
  const reason = errorReason(error);
  return resultOf(product, { status: 'error', reason, summary: phrase('COMPLIANCE_CHECK_ERROR', { reason }), error, differences });
}

export function alreadyCompliantResult(product: Product): ComplianceResult {
  return resultOf(product, {
    status: 'already-compliant',
    reason: null,
    summary: phrase('COMPLIANCE_ALREADY', { product: product.toUpperCase() }),
  });
}

export function repairedResult(product: Product, differences: Difference[], change: SetResult): ComplianceResult {
  const restarted =
    change.restartedServices.length > 0 ? phrase('COMPLIANCE_RESTARTED', { services: change.restartedServices.join(', ') }) : '';
  const summary = phrase('COMPLIANCE_REPAIRED', { count: change.changes.length, backup: change.backup ?? phrase('NONE'), restarted });
  return resultOf(product, { status: 'repaired', reason: null, summary, differences, change });
}

/** A repair that failed: the error's code and sentence (which says whether it was rolled back and names the backup). */
export function failedRepairResult(product: Product, error: ErrorInfo, differences: Difference[], backup: string | null): ComplianceResult {
  const reason = errorReason(error);
  return resultOf(product, {
    status: 'failed',
    reason,
    summary: phrase('COMPLIANCE_REPAIR_FAILED', { reason }),
    error,
    differences,
    backup,
  });
}
