// The requests the module's fleet functions send to the core, built here from the same parameters:
// Test-DefenderProxyCompliance (compare, then test with -TestConnectivity) and Repair-DefenderProxyCompliance
// (set, planned first through Invoke-DefenderProxyChange). A mirror of ps-module/Public/*-DefenderProxyCompliance.ps1:
// fleet-scripts.test.ts checks statically that the module sends exactly these commands and fields.
import type { Literal } from '../../powershell/support/powershell-literal';

/** A function's parameters as the script binds them. */
export type BoundParameters = Record<string, Literal>;
export type Request = Record<string, unknown>;

const ALL_COMPONENTS = ['Telemetry', 'Antivirus', 'WinHttp'];
/** ConvertTo-MDEStoreName (PowerShell hashtable keys are case-insensitive). */
const STORE_OF: Record<string, string> = { telemetry: 'mde-telemetry', antivirus: 'defender-av', winhttp: 'winhttp' };

/** What a [string] parameter holds: $null binds as ''. */
function text(value: Literal | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** What a [string[]] parameter holds, as `if ($List)` sees it: nothing for $null and @(). */
function list(value: Literal | undefined): string[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function stores(component: Literal | undefined): string[] {
  const chosen = component === undefined ? ALL_COMPONENTS : list(component);
  return chosen.map((c) => STORE_OF[c.toLowerCase()]!);
}

function machineOf(p: BoundParameters): Request {
  return text(p.MachineImage) ? { machine: text(p.MachineImage) } : {};
}

/** Test-DefenderProxyCompliance: the compare request, and the test request when -TestConnectivity is set. */
export function complianceRequests(p: BoundParameters): { compare: Request; test: Request | null } {
  const product = text(p.Product).toLowerCase();
  const test: Request = { product };
  let desired: Request;
  if (product === 'mdi') {
    desired = { mdi: { proxyUrl: text(p.ProxyUrl) || null, method: (text(p.Method) || 'Auto').toLowerCase(), ...(text(p.UserName) ? { userName: text(p.UserName) } : {}) } };
  } else {
    const bypass = list(p.BypassList);
    desired = { mde: { proxyServer: text(p.ProxyServer) || null, components: stores(p.Component), ...(bypass.length > 0 ? { bypass } : {}) } };
    if (text(p.Geo)) test.geo = text(p.Geo).toLowerCase();
  }
  return { compare: { desired, ...machineOf(p) }, test: p.TestConnectivity === true ? { ...test, ...machineOf(p) } : null };
}

/** Repair-DefenderProxyCompliance: the set request (the plan before it is the same request); clear when no proxy is desired. */
export function repairRequest(p: BoundParameters): Request {
  const product = text(p.Product).toLowerCase();
  const request: Request = { product, ...machineOf(p) };
  let desiredProxy: string;
  let proxy: Request;
  if (product === 'mdi') {
    request.method = (text(p.Method) || 'Auto').toLowerCase();
    desiredProxy = text(p.ProxyUrl);
    proxy = { url: desiredProxy, ...(text(p.UserName) ? { userName: text(p.UserName) } : {}) };
  } else {
    request.stores = stores(p.Component);
    desiredProxy = text(p.ProxyServer);
    const bypass = list(p.BypassList);
    proxy = { server: desiredProxy, ...(bypass.length > 0 ? { bypass } : {}) };
  }
  if (desiredProxy) request.proxy = proxy;
  else request.clear = true;
  return request;
}

/** `{proxy: {url}}` → `proxy`, `proxy.url`: the key paths of a request, as the static checks list a module request's fields. */
export function fieldPaths(request: Request, prefix = ''): string[] {
  return Object.entries(request).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const nested = value !== null && typeof value === 'object' && !Array.isArray(value) ? fieldPaths(value as Request, path) : [];
    return [path, ...nested];
  });
}
