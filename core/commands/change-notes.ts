import type { StoreName } from '../protocol';
import { proxyIpAddress } from '../formats/proxy-address';
import { note, phrase } from '../messages';
import type { ProxyIntent } from '../stores/proxy-intent';
import type { Write } from '../stores/writes';

/**
 * What the documents warn of for the change a plan holds, one sentence each: WinINet and the registry proxy reach
 * every service of Local System and Local Service (000, 001); WinHTTP's proxy is machine-wide (002); Defender AV
 * does not use its static proxy for updates, caches the last working proxy, and takes https:// on some platforms
 * only (002); the sensor's proxy given as an IP address (000).
 */
export function changeNotes(writes: Write[], intent: ProxyIntent): string[] {
  const touched = new Set<StoreName>(writes.map((w) => w.store));
  const setting = intent.action === 'set' || intent.action === 'copy-from-current-user';
  const notes: string[] = [];
  if (touched.has('wininet') && setting) notes.push(note('WININET_SERVICE_ACCOUNTS_PROXIED'));
  if (touched.has('winhttp')) notes.push(note('WINHTTP_MACHINE_WIDE'));
  if (touched.has('defender-av') && intent.action === 'set') {
    notes.push(note('AV_NO_STATIC_PROXY_FOR_UPDATES'), note('AV_CACHES_LAST_PROXY_AFTER_CHANGE'));
    if (intent.proxy.url?.startsWith('https://')) notes.push(note('AV_HTTPS_PROXY_SOME_VERSIONS', { proxy: intent.proxy.url }));
  }
  if (touched.has('mdi-sensor') && intent.action === 'set' && intent.proxy.url) {
    const ip = proxyIpAddress(intent.proxy.url);
    if (ip) notes.push(note('PROXY_IS_IP_ADDRESS', { ip, where: phrase('METHOD_PLACE_SENSOR') }));
  }
  return notes;
}
