import type { ChangeRequest, CompareResult, DesiredState, Difference } from '../protocol';
import type { Host } from '../host/host';
import { ToolError } from '../errors';
import { PRODUCT_CHANGE_STORES } from '../stores/index';
import { parseChangeRequest } from './change-request';
import { planChange } from './change-plan';
import { locateSensor } from '../stores/mdi-sensor';
import { readSensorPassword } from '../stores/sensor-password';
import { phrase } from '../messages';

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
      ...(proxyUrl === null
        ? { clear: true }
        : { proxy: { url: proxyUrl, ...(userName !== undefined ? { userName } : {}), ...(password !== undefined ? { password } : {}) } }),
    });
  }
  if (desired.mde) {
    const { proxyServer, bypass, pacUrl, components } = desired.mde;
    requests.push({
      ...target,
      product: 'mde',
      stores: components ?? PRODUCT_CHANGE_STORES.mde,
      ...(proxyServer === null
        ? { clear: true }
        : { proxy: { server: proxyServer, ...(bypass ? { bypass } : {}), ...(pacUrl ? { pacUrl } : {}) } }),
    });
  }
  return requests;
}

/**
 * Whether the machine is in the desired state, by planning what `set` would write: every write is a
 * difference, so a set from the same desired state converges and compare then finds nothing. The sensor keeps
 * only a password's ciphertext (a new encryption never repeats it): a desired password is compared by
 * decrypting the stored one where the certificate's key is usable, and otherwise counts as a difference, so
 * that a rotated password is applied, never silently kept.
 */
export async function compareDesired(host: Host, desired: DesiredState): Promise<CompareResult> {
  const differences: Difference[] = [];
  for (const request of changeRequestsForDesired(desired)) {
    const section = request.product === 'mdi' ? 'mdi' : 'mde';
    const { password, ...proxy } = request.proxy ?? {};
    try {
      const parsed = parseChangeRequest(request.proxy ? { ...request, proxy } : request);
      if (parsed.intent.action === 'set' && parsed.intent.proxy.userName !== null) parsed.intent.proxy.passwordUnknown = true;
      const { writes, mdiMethod } = await planChange(host, parsed);
      differences.push(
        ...writes.map((w) => ({ store: w.store, field: w.change.target, actual: w.change.before, desired: w.change.after })),
      );
      const sensorRewritten = writes.some((w) => w.store === 'mdi-sensor');
      if (password !== undefined && mdiMethod === 'sensor' && !sensorRewritten)
        differences.push(...(await passwordDifference(host, password)));
    } catch (error) {
      throw error instanceof ToolError && error.field
        ? new ToolError(error.code, error.message, { ...error.options, field: desiredField(section, error.field) })
        : error;
    }
  }
  return { inDesiredState: differences.length === 0, differences };
}

/** The stored password against the desired one: equal, different, or not comparable (then it is set again). */
async function passwordDifference(host: Host, desired: string): Promise<Difference[]> {
  const install = await locateSensor(host);
  if (!install) return [];
  const field = `${install.configurationPath} (EncryptedUserPasswordData)`;
  let stored: string | null;
  try {
    stored = await readSensorPassword(host);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
    return [{ store: 'mdi-sensor', field, actual: phrase('PASSWORD_NOT_COMPARABLE', { reason }), desired: phrase('PASSWORD_DESIRED') }];
  }
  if (stored === desired) return [];
  return [
    {
      store: 'mdi-sensor',
      field,
      actual: stored === null ? phrase('NONE') : phrase('PASSWORD_STORED'),
      desired: phrase('PASSWORD_DESIRED'),
    },
  ];
}

const DESIRED_FIELDS: Record<'mdi' | 'mde', Record<string, string>> = {
  mdi: { 'proxy.url': 'proxyUrl', 'proxy.userName': 'userName', 'proxy.password': 'password', method: 'method', store: 'method' },
  mde: {
    'proxy.server': 'proxyServer',
    'proxy.url': 'proxyServer',
    'proxy.bypass': 'bypass',
    'proxy.pacUrl': 'pacUrl',
    stores: 'components',
    store: 'components',
  },
};

/** A change request's field as the desired state names it, e.g. `proxy.url` → `desired.mdi.proxyUrl`. */
function desiredField(section: 'mdi' | 'mde', field: string): string {
  const mapped = DESIRED_FIELDS[section][field];
  return mapped ? `desired.${section}.${mapped}` : field === 'machine' ? field : `desired.${section}`;
}
