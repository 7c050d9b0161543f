import * as assert from 'uvu/assert';
import { readWinhttpLayout, readWininetLayout, WINHTTP_VECTORS, WININET_VECTORS, wininetBlob } from '../support/proxy-vectors';
import { regQueryValue, WINE_KEYS, type RegAdd } from '../support/wine-registry';
import { storeEntry } from './read-scenarios';

/**
 * One store's round trip through the Windows executable and wine's reg.exe: the machine before (`seed`),
 * the set and clear requests, and what reg.exe and `get` must show after each. Expectations come from
 * FORMATS.md / FACTS.md and from what reg.exe shows of the seed, never from core/.
 */
export interface WriteScenario {
  name: string;
  seed: RegAdd[];
  set: Record<string, unknown>;
  clear: Record<string, unknown>;
  afterSet(get: any): void;
  afterClear(get: any): void;
}

const PROXY = 'proxy.contoso.com:8080';
const WININET_VALUES = ['DefaultConnectionSettings', 'SavedLegacySettings'];
const SERVICE_ACCOUNTS = [
  { account: 'LocalSystem', key: WINE_KEYS.wininetLocalSystem },
  { account: 'LocalService', key: WINE_KEYS.wininetLocalService },
];

/** REG_BINARY data as `reg query` prints it (uppercase hex), or null when the value does not exist. */
export function binaryOf(key: string, name: string): string | null {
  const value = regQueryValue(key, name);
  if (value === null) return null;
  assert.is(value.type, 'REG_BINARY', `${key}\\${name} is REG_BINARY`);
  return value.data;
}

function mustBinary(key: string, name: string): string {
  const hex = binaryOf(key, name);
  if (hex === null) throw new Error(`${key}\\${name} does not exist`);
  return hex;
}

function seedBinary(key: string, name: string, hex: string): RegAdd {
  return { key, name, type: 'REG_BINARY', data: hex };
}

function checkDisabledWininet(key: string, before: string): void {
  for (const name of WININET_VALUES) {
    const blob = readWininetLayout(mustBinary(key, name));
    assert.is(blob.flags & 0x2, 0, `${name}: the proxy flag is off`);
    assert.is(blob.flags & 0x1, 0x1, `${name}: direct is always set`);
    assert.is(blob.version, readWininetLayout(before).version, `${name}: the machine's version is kept`);
    if (blob.version === 0x46) assert.is(blob.tailLength, 32, `${name}: Windows' shape (auto-config length written, 32-byte tail)`);
  }
}

export const WRITE_SCENARIOS: WriteScenario[] = [
  {
    name: 'wininet: a built blob for LocalSystem and LocalService, CurrentUser untouched',
    seed: [
      seedBinary(WINE_KEYS.wininetCurrentUser, 'DefaultConnectionSettings', WININET_VECTORS.allFlags.hex),
      seedBinary(WINE_KEYS.wininetLocalSystem, 'DefaultConnectionSettings', WININET_VECTORS.ie7Direct.hex),
    ],
    set: { store: 'wininet', proxy: { server: PROXY, bypass: ['*.contoso.com', '<local>'] } },
    clear: { store: 'wininet' },
    afterSet(get) {
      // LocalSystem had the 0x46 direct vector (counter 58, 32-byte tail): the same blob with the proxy, counted on by one.
      const expected = wininetBlob({
        changeCounter: WININET_VECTORS.ie7Direct.changeCounter + 1,
        flags: 0x3,
        proxyServer: PROXY,
        bypassList: '*.contoso.com;<local>',
        autoConfigUrl: '',
      });
      assert.is(binaryOf(WINE_KEYS.wininetLocalSystem, 'DefaultConnectionSettings'), expected.hex);
      for (const { account, key } of SERVICE_ACCOUNTS) {
        for (const name of WININET_VALUES) {
          const blob = readWininetLayout(mustBinary(key, name));
          assert.equal(
            {
              version: blob.version,
              flags: blob.flags,
              proxyServer: blob.proxyServer,
              bypassList: blob.bypassList,
              autoConfigUrl: blob.autoConfigUrl,
              tailLength: blob.tailLength,
            },
            { version: 0x46, flags: 0x3, proxyServer: PROXY, bypassList: '*.contoso.com;<local>', autoConfigUrl: '', tailLength: 32 },
            `${account} ${name} is a Windows-shaped blob with the proxy`,
          );
        }
        const entry = storeEntry(get, 'wininet', account);
        assert.equal([entry.proxyEnabled, entry.proxyServer, entry.bypassList], [true, PROXY, ['*.contoso.com', '<local>']]);
      }
      assert.is(
        binaryOf(WINE_KEYS.wininetCurrentUser, 'DefaultConnectionSettings'),
        WININET_VECTORS.allFlags.hex.toUpperCase(),
        'CurrentUser is not touched',
      );
    },
    afterClear(get) {
      for (const { account, key } of SERVICE_ACCOUNTS) {
        checkDisabledWininet(key, WININET_VECTORS.ie7Direct.hex);
        assert.is(storeEntry(get, 'wininet', account).proxyEnabled, false);
      }
      assert.is(storeEntry(get, 'wininet', 'CurrentUser').proxyEnabled, true, 'CurrentUser keeps its proxy');
    },
  },
  {
    name: "wininet: copyFromCurrentUser copies CurrentUser's bytes to LocalSystem and LocalService",
    seed: [
      seedBinary(WINE_KEYS.wininetCurrentUser, 'DefaultConnectionSettings', WININET_VECTORS.dscManualLocal.hex),
      seedBinary(WINE_KEYS.wininetLocalSystem, 'DefaultConnectionSettings', WININET_VECTORS.ie6AutoDetect.hex),
      seedBinary(WINE_KEYS.wininetLocalService, 'DefaultConnectionSettings', WININET_VECTORS.storedButOff.hex),
    ],
    set: { store: 'wininet', copyFromCurrentUser: true },
    clear: { store: 'wininet' },
    afterSet(get) {
      const currentUserBlob = binaryOf(WINE_KEYS.wininetCurrentUser, 'DefaultConnectionSettings');
      assert.is(currentUserBlob, WININET_VECTORS.dscManualLocal.hex.toUpperCase(), 'CurrentUser is not touched');
      const source = storeEntry(get, 'wininet', 'CurrentUser');
      for (const { account, key } of SERVICE_ACCOUNTS) {
        // FACTS.md §1: the documented procedure copies the value; SavedLegacySettings gets the same bytes.
        for (const name of WININET_VALUES)
          assert.is(binaryOf(key, name), currentUserBlob, `${account} ${name} is CurrentUser's blob, byte for byte`);
        const { account: _a, sid: _s, target: _t, ...copied } = storeEntry(get, 'wininet', account);
        const { account: _b, sid: _u, target: _v, ...wanted } = source;
        assert.equal(copied, wanted, `${account} reads as CurrentUser does`);
      }
    },
    afterClear(get) {
      for (const { account, key } of SERVICE_ACCOUNTS) {
        checkDisabledWininet(key, WININET_VECTORS.dscManualLocal.hex);
        assert.is(storeEntry(get, 'wininet', account).proxyEnabled, false);
      }
      assert.is(
        binaryOf(WINE_KEYS.wininetCurrentUser, 'DefaultConnectionSettings'),
        WININET_VECTORS.dscManualLocal.hex.toUpperCase(),
        'CurrentUser is not touched',
      );
    },
  },
  {
    name: 'winhttp: netsh set proxy keeps the 0x28 version; clearing leaves what netsh reset proxy leaves',
    seed: [seedBinary(WINE_KEYS.winhttp, 'WinHttpSettings', WINHTTP_VECTORS.proxyA42.hex)],
    set: { store: 'winhttp', proxy: { server: PROXY, bypass: ['<local>', '*.contoso.com'] } },
    clear: { store: 'winhttp' },
    afterSet(get) {
      const blob = readWinhttpLayout(binaryOf(WINE_KEYS.winhttp, 'WinHttpSettings')!);
      assert.is(blob.version, 0x28, "the machine's version is kept");
      assert.is(blob.flags & 0x2, 0x2, 'the proxy bit is set');
      // FORMATS.md §1–2: `<local>` goes last by convention, whatever order the request gave.
      assert.equal([blob.proxyServer, blob.bypassList], [PROXY, '*.contoso.com;<local>']);
      assert.equal(pickWinhttp(storeEntry(get, 'winhttp')), {
        direct: false,
        proxyServer: PROXY,
        bypassList: ['*.contoso.com', '<local>'],
      });
    },
    afterClear(get) {
      assert.is(
        binaryOf(WINE_KEYS.winhttp, 'WinHttpSettings'),
        WINHTTP_VECTORS.direct28.hex.toUpperCase(),
        'direct access, version 0x28 kept (vbfox vector)',
      );
      assert.equal(pickWinhttp(storeEntry(get, 'winhttp')), { direct: true, proxyServer: null, bypassList: [] });
    },
  },
  {
    name: 'mde-telemetry: TelemetryProxyServer without a scheme and DisableEnterpriseAuthProxy = 1; other policy values kept',
    seed: [
      { key: WINE_KEYS.dataCollection, name: 'TelemetryProxyServer', type: 'REG_SZ', data: 'old-proxy.contoso.com:3128' },
      { key: WINE_KEYS.dataCollection, name: 'DisableEnterpriseAuthProxy', type: 'REG_DWORD', data: '0' },
      { key: WINE_KEYS.dataCollection, name: 'AllowTelemetry', type: 'REG_DWORD', data: '1' },
      { key: WINE_KEYS.advancedThreatProtection, name: 'PreferStaticProxyForHttpRequest', type: 'REG_DWORD', data: '1' },
    ],
    set: { store: 'mde-telemetry', proxy: { url: `http://${PROXY}` } },
    clear: { store: 'mde-telemetry' },
    afterSet(get) {
      // FACTS.md §2: REG_SZ host:port, no scheme, no spaces; REG_DWORD 1 (reg query prints 0x1).
      assert.equal(regQueryValue(WINE_KEYS.dataCollection, 'TelemetryProxyServer'), { type: 'REG_SZ', data: PROXY });
      assert.equal(regQueryValue(WINE_KEYS.dataCollection, 'DisableEnterpriseAuthProxy'), { type: 'REG_DWORD', data: '0x1' });
      assert.equal(regQueryValue(WINE_KEYS.dataCollection, 'AllowTelemetry'), { type: 'REG_DWORD', data: '0x1' });
      assert.equal(storeEntry(get, 'mde-telemetry'), {
        store: 'mde-telemetry',
        proxyServer: PROXY,
        disableEnterpriseAuthProxy: true,
        preferStaticProxyForHttpRequest: true,
        unreadableKeys: [],
      });
    },
    afterClear(get) {
      assert.is(regQueryValue(WINE_KEYS.dataCollection, 'TelemetryProxyServer'), null);
      assert.is(regQueryValue(WINE_KEYS.dataCollection, 'DisableEnterpriseAuthProxy'), null);
      assert.equal(
        regQueryValue(WINE_KEYS.dataCollection, 'AllowTelemetry'),
        { type: 'REG_DWORD', data: '0x1' },
        'a value that is not the proxy stays',
      );
      assert.equal(storeEntry(get, 'mde-telemetry'), {
        store: 'mde-telemetry',
        proxyServer: null,
        disableEnterpriseAuthProxy: null,
        preferStaticProxyForHttpRequest: true,
        unreadableKeys: [],
      });
    },
  },
  {
    name: 'defender-av: ProxyServer gets its http:// scheme, ProxyBypass is ;-joined; clearing removes all three',
    seed: [
      { key: WINE_KEYS.defenderPolicy, name: 'ProxyServer', type: 'REG_SZ', data: 'old-proxy.contoso.com:3128' },
      // Types and data a restore must bring back exactly: REG_EXPAND_SZ with a variable, an empty REG_SZ.
      { key: WINE_KEYS.defenderPolicy, name: 'ProxyPacUrl', type: 'REG_EXPAND_SZ', data: 'file://%ProgramData%\\Proxy\\old.pac' },
      { key: WINE_KEYS.defenderPolicy, name: 'ProxyBypass', type: 'REG_SZ', data: '' },
      { key: WINE_KEYS.defenderPolicy, name: 'PUAProtection', type: 'REG_DWORD', data: '1' },
    ],
    set: { store: 'defender-av', proxy: { server: PROXY, bypass: ['*.contoso.com', '10.0.0.1'] } },
    clear: { store: 'defender-av' },
    afterSet(get) {
      // FACTS.md §2: ProxyServer must start with http:// or https://.
      assert.equal(regQueryValue(WINE_KEYS.defenderPolicy, 'ProxyServer'), { type: 'REG_SZ', data: `http://${PROXY}` });
      assert.equal(regQueryValue(WINE_KEYS.defenderPolicy, 'ProxyBypass'), { type: 'REG_SZ', data: '*.contoso.com;10.0.0.1' });
      assert.is(regQueryValue(WINE_KEYS.defenderPolicy, 'ProxyPacUrl'), null, 'the request is the whole proxy: the old PAC URL goes');
      assert.equal(storeEntry(get, 'defender-av'), {
        store: 'defender-av',
        proxyServer: `http://${PROXY}`,
        proxyPacUrl: null,
        proxyBypass: ['*.contoso.com', '10.0.0.1'],
        unreadableKeys: [],
      });
    },
    afterClear(get) {
      for (const name of ['ProxyServer', 'ProxyPacUrl', 'ProxyBypass'])
        assert.is(regQueryValue(WINE_KEYS.defenderPolicy, name), null, `${name} is gone`);
      assert.equal(
        regQueryValue(WINE_KEYS.defenderPolicy, 'PUAProtection'),
        { type: 'REG_DWORD', data: '0x1' },
        'a value that is not the proxy stays',
      );
      assert.equal(storeEntry(get, 'defender-av'), {
        store: 'defender-av',
        proxyServer: null,
        proxyPacUrl: null,
        proxyBypass: null,
        unreadableKeys: [],
      });
    },
  },
];

function pickWinhttp(entry: any): { direct: boolean; proxyServer: string | null; bypassList: string[] } {
  return { direct: entry.direct, proxyServer: entry.proxyServer, bypassList: entry.bypassList };
}
