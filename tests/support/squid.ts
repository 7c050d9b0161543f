import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from './child-process';
import { freePort, waitForPort } from './ports';
import { requireBinary } from './tools';

export interface SquidOptions {
  /** `basic`: htpasswd users (407 without credentials); `ntlm`: offers only NTLM (fake helper); `none`: open proxy. */
  auth: 'basic' | 'ntlm' | 'none';
  users?: Record<string, string>;
  /** Names squid resolves to 127.0.0.1 (its hosts_file): the public names the tests stand in for. */
  hosts: string[];
  /** Destination domains squid refuses with 403 before asking for credentials. */
  deniedDomains?: string[];
}

export interface RunningSquid {
  port: number;
  url: string;
  accessLog(): string;
  stop(): Promise<void>;
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
  if (options.auth === 'basic') {
    lines.push(
      `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${dir}/htpasswd`,
      'auth_param basic realm DefenderProxyTools test proxy',
      // Squid lowercases user names by default; htpasswd keeps CONTOSO\alice as written.
      'auth_param basic casesensitive on',
      'acl authed proxy_auth REQUIRED',
      'http_access allow authed',
    );
  } else if (options.auth === 'ntlm') {
    lines.push('auth_param ntlm program /usr/lib/squid/ntlm_fake_auth', 'auth_param ntlm children 1', 'acl authed proxy_auth REQUIRED', 'http_access allow authed');
  } else {
    lines.push('http_access allow all');
  }
  lines.push('http_access deny all');
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
    accessLog: () => readLog('access.log'),
    stop: async () => {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
