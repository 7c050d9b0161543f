import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from './child-process';
import { freePort, waitForPort } from './ports';
import { requireBinary } from './tools';

/**
 * `basic`: htpasswd users (407 without credentials); `ntlm`: NTLM through squid's ntlm_fake_auth (the real
 * handshake, any password); `ntlm-samba`: NTLM checked by Samba's ntlm_auth (squid-2.5-ntlmssp) against
 * `password`; `negotiate-samba`: Negotiate (SPNEGO) checked by Samba's ntlm_auth (gss-spnego) against `password`;
 * `negotiate-wrapper`: Negotiate through squid's negotiate_wrapper_auth, bare NTLM tokens to Samba's ntlm_auth and
 * anything else to the Kerberos helper; `kerberos`: Negotiate through negotiate_kerberos_auth only (a keytab for
 * HTTP/proxy.contoso.test, no NTLM); `digest`: Digest only (digest_file_auth), a scheme the probe does not speak;
 * `none`: open proxy.
 */
export type SquidAuth = 'basic' | 'ntlm' | 'ntlm-samba' | 'negotiate-samba' | 'negotiate-wrapper' | 'kerberos' | 'digest' | 'none';

export interface SquidOptions {
  auth: SquidAuth;
  users?: Record<string, string>;
  /** The one password Samba's ntlm_auth accepts (any user name, any domain) in the Samba modes. */
  password?: string;
  /** Names squid resolves to 127.0.0.1 (its hosts_file): the public names the tests stand in for. */
  hosts: string[];
  /** Destination domains squid refuses with 403 before asking for credentials. */
  deniedDomains?: string[];
}

export interface RunningSquid {
  port: number;
  url: string;
  /**
   * The access log once it matches `pattern` (or as it stands after `timeoutMs`). squid logs a CONNECT when the
   * tunnel closes, which can be after the client has its answer: reading the log at once races that line.
   */
  accessLogMatching(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

const KERBEROS_PRINCIPAL = 'HTTP/proxy.contoso.test@CONTOSO.TEST';

/**
 * Samba's ntlm_auth as a squid helper. With --password it checks each NTLMv2 response against that password
 * with Samba's own ntlm_password_check (no winbindd, no domain); its state lives in the squid folder.
 */
function ntlmAuthHelper(dir: string, protocol: 'squid-2.5-ntlmssp' | 'gss-spnego', password: string): string {
  return `/usr/bin/ntlm_auth --helper-protocol=${protocol} --configfile=${dir}/smb.conf --password=${password}`;
}

function sambaConfig(dir: string): string {
  const folders = ['private dir', 'lock directory', 'state directory', 'cache directory', 'pid directory', 'ncalrpc dir'];
  return (
    [
      '[global]',
      '  workgroup = CONTOSO',
      '  security = user',
      `  log file = ${dir}/samba.log`,
      ...folders.map((f, i) => `  ${f} = ${dir}/samba/${i}`),
    ].join('\n') + '\n'
  );
}

function authLines(dir: string, options: SquidOptions): string[] {
  const password = options.password ?? '';
  const kerberos = `/usr/lib/squid/negotiate_kerberos_auth -k ${dir}/http.keytab -s ${KERBEROS_PRINCIPAL}`;
  const required = ['acl authed proxy_auth REQUIRED', 'http_access allow authed'];
  switch (options.auth) {
    case 'basic':
      return [
        `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${dir}/htpasswd`,
        'auth_param basic realm DefenderProxyTools test proxy',
        // Squid lowercases user names by default; htpasswd keeps CONTOSO\alice as written.
        'auth_param basic casesensitive on',
        ...required,
      ];
    case 'ntlm':
      return ['auth_param ntlm program /usr/lib/squid/ntlm_fake_auth', 'auth_param ntlm children 1', ...required];
    case 'ntlm-samba':
      return [`auth_param ntlm program ${ntlmAuthHelper(dir, 'squid-2.5-ntlmssp', password)}`, 'auth_param ntlm children 2', ...required];
    case 'negotiate-samba':
      return [
        `auth_param negotiate program ${ntlmAuthHelper(dir, 'gss-spnego', password)}`,
        'auth_param negotiate children 2',
        ...required,
      ];
    case 'negotiate-wrapper':
      return [
        `auth_param negotiate program /usr/lib/squid/negotiate_wrapper_auth --ntlm ${ntlmAuthHelper(dir, 'squid-2.5-ntlmssp', password)} --kerberos ${kerberos}`,
        'auth_param negotiate children 2',
        ...required,
      ];
    case 'kerberos':
      return [`auth_param negotiate program ${kerberos}`, 'auth_param negotiate children 1', ...required];
    case 'digest':
      return [
        `auth_param digest program /usr/lib/squid/digest_file_auth -c ${dir}/digest-passwords`,
        'auth_param digest realm DefenderProxyTools',
        ...required,
      ];
    case 'none':
      return ['http_access allow all'];
  }
}

/** A keytab for the proxy's HTTP principal, as a Kerberos-only proxy holds one (MIT ktutil; no KDC is needed to refuse NTLM). */
function writeKeytab(dir: string): void {
  const ktutil = requireBinary('ktutil', 'krb5-user');
  const script = `addent -password -p ${KERBEROS_PRINCIPAL} -k 1 -e aes256-cts-hmac-sha1-96\nKeytab-Only-For-Tests-1\nwkt ${dir}/http.keytab\nquit\n`;
  execFileSync(ktutil, [], { input: script, stdio: ['pipe', 'ignore', 'ignore'] });
}

function config(dir: string, port: number, options: SquidOptions): string {
  const lines = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${dir}/squid.pid`,
    `access_log stdio:${dir}/access.log`,
    `cache_log ${dir}/cache.log`,
    'cache_store_log none',
    `coredump_dir ${dir}`,
    'netdb_filename none',
    'cache deny all',
    'cache_mem 8 MB',
    'logfile_rotate 0',
    'shutdown_lifetime 0 seconds',
    'visible_hostname dpt-test-squid',
    `hosts_file ${dir}/hosts`,
    // Names outside hosts_file must fail here, never reach a public resolver.
    'dns_nameservers 127.0.0.1',
    'connect_timeout 5 seconds',
    'dns_timeout 2 seconds',
  ];
  if (options.deniedDomains?.length) lines.push(`acl denied dstdomain ${options.deniedDomains.join(' ')}`, 'http_access deny denied');
  lines.push(...authLines(dir, options), 'http_access deny all');
  return lines.join('\n') + '\n';
}

/** Squid on 127.0.0.1 (FACTS.md §5), its own conf in a temp dir owned by user proxy; stopped by `stop`. */
export async function startSquid(options: SquidOptions): Promise<RunningSquid> {
  const squid = requireBinary('squid', 'squid');
  const dir = mkdtempSync(join(tmpdir(), 'dpt-squid-'));
  const port = await freePort();
  writeFileSync(join(dir, 'hosts'), `127.0.0.1 ${options.hosts.join(' ')}\n`);
  if (options.auth === 'basic') {
    const htpasswd = requireBinary('htpasswd', 'apache2-utils');
    const users = Object.entries(options.users ?? {});
    for (const [i, [user, password]] of users.entries()) {
      execFileSync(htpasswd, [...(i === 0 ? ['-c'] : []), '-b', '-m', join(dir, 'htpasswd'), user, password], { stdio: 'ignore' });
    }
  }
  if (/samba|wrapper/.test(options.auth)) {
    requireBinary('ntlm_auth', 'winbind');
    writeFileSync(join(dir, 'smb.conf'), sambaConfig(dir));
    for (let i = 0; i < 6; i++) mkdirSync(join(dir, 'samba', String(i)), { recursive: true });
  }
  if (options.auth === 'kerberos' || options.auth === 'negotiate-wrapper') writeKeytab(dir);
  if (options.auth === 'digest') writeFileSync(join(dir, 'digest-passwords'), `alice:${options.password ?? ''}\n`);
  writeFileSync(join(dir, 'squid.conf'), config(dir, port, options));
  chmodSync(dir, 0o755);
  execFileSync('chown', ['-R', 'proxy:proxy', dir]);
  const service = startService(squid, ['-N', '-f', join(dir, 'squid.conf')]);
  const readLog = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return '';
    }
  };
  try {
    await waitForPort(port, 15000, service.alive);
  } catch (error) {
    await service.stop();
    const detail = `${(error as Error).message}\n${service.output()}\n${readLog('cache.log')}`;
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`squid did not start: ${detail}`);
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    accessLogMatching: async (pattern, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      let log = readLog('access.log');
      while (!pattern.test(log) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        log = readLog('access.log');
      }
      return log;
    },
    stop: async () => {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts that squid logged a line matching `pattern`, waiting for it (squid logs a tunnel when it closes). */
export async function assertLogged(squid: RunningSquid, pattern: RegExp): Promise<void> {
  assert.match(await squid.accessLogMatching(pattern), pattern);
}
