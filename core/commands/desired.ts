import type { ChangeRequest, CompareResult, DesiredState, Difference } from '../protocol';
import type { Host } from '../host/host';
import { ToolError } from '../errors';
import { PRODUCT_CHANGE_STORES } from '../stores/index';
import { parseChangeRequest } from './change-request';
import { planChange } from './change-plan';

/**
 * The change requests `set` needs to reach a desired state: one for MDI, one for MDE. A null proxy means
 * clear. For MDE the request is the whole proxy: bypass and PAC URL left out mean none.
 */
export function changeRequestsForDesired(desired: DesiredState, machine?: string): ChangeRequest[] {
  const target = machine === undefined ? {} : { machine };
  const requests: ChangeRequest[] = [];
  if (desired.mdi) {
    const { proxyUrl, userName, password, method } = desired.mdi;
    requests.push({
      ...target,
      product: 'mdi',
      method: method ?? 'auto',
      ...(proxyUrl === null ? { clear: true } : { proxy: { url: proxyUrl, ...(userName !== undefined ? { userName } : {}), ...(password !== undefined ? { password } : {}) } }),
    });
  }
  if (desired.mde) {
    const { proxyServer, bypass, pacUrl, components } = desired.mde;
    requests.push({
      ...target,
      product: 'mde',
      stores: components ?? PRODUCT_CHANGE_STORES.mde,
      ...(proxyServer === null ? { clear: true } : { proxy: { server: proxyServer, ...(bypass ? { bypass } : {}), ...(pacUrl ? { pacUrl } : {}) } }),
    });
  }
  return requests;
}

/**
 * Whether the machine is in the desired state, by planning what `set` would write: every write is a
 * difference, so a set from the same desired state converges and compare then finds nothing. A password
 * cannot be compared (only its ciphertext is kept): the stored one counts when the user name matches.
 */
export async function compareDesired(host: Host, desired: DesiredState): Promise<CompareResult> {
  const differences: Difference[] = [];
  for (const request of changeRequestsForDesired(desired)) {
    const section = request.product === 'mdi' ? 'mdi' : 'mde';
    const { password: _ignored, ...proxy } = request.proxy ?? {};
    try {
      const parsed = parseChangeRequest(request.proxy ? { ...request, proxy } : request);
      if (parsed.intent.action === 'set' && parsed.intent.proxy.userName !== null) parsed.intent.proxy.passwordUnknown = true;
      const { writes } = await planChange(host, parsed);
      differences.push(...writes.map((w) => ({ store: w.store, field: w.change.target, actual: w.change.before, desired: w.change.after })));
    } catch (error) {
      throw error instanceof ToolError && error.field ? new ToolError(error.code, error.message, { ...error.options, field: desiredField(section, error.field) }) : error;
    }
  }
  return { inDesiredState: differences.length === 0, differences };
}

const DESIRED_FIELDS: Record<'mdi' | 'mde', Record<string, string>> = {
  mdi: { 'proxy.url': 'proxyUrl', 'proxy.userName': 'userName', 'proxy.password': 'password', method: 'method', store: 'method' },
  mde: { 'proxy.server': 'proxyServer', 'proxy.url': 'proxyServer', 'proxy.bypass': 'bypass', 'proxy.pacUrl': 'pacUrl', stores: 'components', store: 'components' },
};

/** A change request's field as the desired state names it, e.g. `proxy.url` → `desired.mdi.proxyUrl`. */
function desiredField(section: 'mdi' | 'mde', field: string): string {
  const mapped = DESIRED_FIELDS[section][field];
  return mapped ? `desired.${section}.${mapped}` : field === 'machine' ? field : `desired.${section}`;
}
