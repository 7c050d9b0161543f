import { detail } from '../../messages';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { CertificateInfo, ProbeStage, ProbeTimings } from '../../protocol';
import type { ProbeCode } from './advice';
import type { Deadline } from './deadline';
import type { ProxyEndpoint } from './proxy-endpoint';
import type { ProbeTarget } from './targets';
import type { PinSet } from './pinning';
import { PresentedChain } from './peer-chain';
import { resolveHost, type ResolveMap } from './resolve';
import { connectTcp } from './tcp-connect';
import { authority, proxyRequest, type ProxyAnswer, type ProxyRequest } from './proxy-tunnel';
import { isAuthFailure, startExchange, type AuthStep } from './proxy-auth';
import { systemNtlmEnvironment } from './ntlm-client';
import { classifyProxyRefusal } from './proxy-status';
import { handshake } from './tls-handshake';
import { getOverSocket, type HttpAnswer } from './http-exchange';
import { judgeAnswer } from './verdict';
import { headerValues, type ResponseHead } from './http-head';
import { DeadlineExceeded, StageFailure, errorText } from './stage-failure';
import { machineTrustOf, validityProblem, type MachineRoots } from './machine-trust';

/** How one attempt reaches the service: straight, or through one HTTP proxy. */
export type Hop = { kind: 'direct' } | { kind: 'proxy'; proxy: ProxyEndpoint };

/** What one attempt learned, whether it passed or which stage broke. */
export interface AttemptRecord {
  timings: ProbeTimings;
  chain: CertificateInfo[];
  intercepted: boolean;
  httpStatus: number | null;
  address: string | null;
  code: ProbeCode;
  stage: ProbeStage;
  detail: string;
}

type TimingKey = keyof ProbeTimings;

/** Runs the stages of one probe through one hop, timing each and naming the one that breaks. */
export class ProbeAttempt {
  readonly record: AttemptRecord = {
    timings: {},
    chain: [],
    intercepted: false,
    httpStatus: null,
    address: null,
    code: 'OK',
    stage: 'resolve',
    detail: '',
  };

  constructor(
    private readonly target: ProbeTarget,
    private readonly hop: Hop,
    private readonly deadline: Deadline,
    private readonly resolveMap: ResolveMap,
    private readonly pins: PinSet | null,
    /** A shorter limit for reaching the proxy (its name, its TCP port) when the route can fall back from it. */
    private readonly reach: Deadline | null = null,
    /** The machine's trusted roots, when the test runs for a machine whose store is known. */
    private readonly machineRoots: MachineRoots | null = null,
  ) {}

  async run(): Promise<AttemptRecord> {
    try {
      const answer = this.hop.kind === 'direct' ? await this.direct() : await this.viaProxy(this.hop.proxy);
      const verdict = judgeAnswer(this.target.expectation, answer.status, answer.body);
      this.record.httpStatus = answer.status;
      Object.assign(this.record, { code: verdict.code, detail: verdict.detail, stage: verdict.code.startsWith('OK') ? 'done' : 'http' });
    } catch (error) {
      const failure = error instanceof StageFailure ? error : new StageFailure(this.record.stage, 'HTTP_FAILED', errorText(error));
      Object.assign(this.record, { code: failure.code, stage: failure.stage, detail: failure.detail });
      if (failure.httpStatus !== null) this.record.httpStatus = failure.httpStatus;
    }
    return this.record;
  }

  private async timed<T>(stage: ProbeStage, key: TimingKey, work: () => Promise<T>, onError: (error: unknown) => StageFailure): Promise<T> {
    this.record.stage = stage;
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      throw error instanceof StageFailure ? error : onError(error);
    } finally {
      this.record.timings[key] = Math.round((this.record.timings[key] ?? 0) + performance.now() - started);
    }
  }

  private timeoutOr(stage: ProbeStage, code: ProbeCode, prefix = ''): (error: unknown) => StageFailure {
    return (error) =>
      error instanceof DeadlineExceeded
        ? new StageFailure(stage, 'TIMEOUT', `${prefix}${error.message}`)
        : new StageFailure(stage, code, `${prefix}${errorText(error)}`);
  }

  private resolve(host: string, what: string, deadline = this.deadline): Promise<string> {
    return this.timed(
      'resolve',
      'resolveMs',
      () => resolveHost(host, this.resolveMap, deadline),
      this.timeoutOr('resolve', 'DNS_FAILED', `${what} ${host}: `),
    );
  }

  private async direct(): Promise<HttpAnswer> {
    const { host, port } = this.target;
    const address = await this.resolve(host, detail('DNS_THE_NAME'));
    this.record.address = address;
    const socket = await this.timed(
      'connect',
      'connectMs',
      () => connectTcp(address, port, this.deadline),
      (error) => connectFailure(error, `${address}:${port}`),
    );
    const channel = this.target.secure ? await this.secure(socket) : socket;
    return this.get(channel, this.target.path, {});
  }

  private async viaProxy(proxy: ProxyEndpoint): Promise<HttpAnswer> {
    const reach = this.reach ?? this.deadline;
    const address = await this.resolve(proxy.host, detail('DNS_THE_PROXY_NAME'), reach);
    this.record.address = address;
    const open = () =>
      this.timed(
        'connect',
        'connectMs',
        () => connectTcp(address, proxy.port, reach),
        (error) =>
          new StageFailure(
            'connect',
            'PROXY_REFUSED',
            detail('PROXY_NOT_REACHED', { url: proxy.url, reason: error instanceof DeadlineExceeded ? error.message : errorText(error) }),
          ),
      );
    if (!this.target.secure) return this.plainViaProxy(proxy, open);
    const target = authority(this.target.host, this.target.port);
    const { socket, answer } = await this.authenticated(proxy, open, { method: 'CONNECT', target, host: target }, `CONNECT ${target}: `);
    if (answer.head.status < 200 || answer.head.status >= 300) throw refusal(answer.head);
    return this.get(await this.secure(socket), this.target.path, {});
  }

  /**
   * One request to the proxy, anonymously first; on a 407, the handshake of the scheme it offers (Basic, NTLM, or
   * NTLM inside Negotiate) on one new connection, leg by leg, until the proxy answers something else.
   */
  private async authenticated(
    proxy: ProxyEndpoint,
    open: () => Promise<Socket>,
    request: Omit<ProxyRequest, 'authorization'>,
    prefix: string,
  ): Promise<{ socket: Socket; answer: ProxyAnswer }> {
    const send = (socket: Socket, authorization: string | null) =>
      this.timed(
        'proxy',
        'proxyMs',
        () => proxyRequest(socket, { ...request, authorization }, this.deadline),
        this.timeoutOr('proxy', 'PROXY_ERROR', prefix),
      );
    let socket = await open();
    let answer = await send(socket, null);
    if (answer.head.status !== 407) return { socket, answer };
    const exchange = startExchange(answer.head, proxy.credentials, systemNtlmEnvironment);
    if (isAuthFailure(exchange)) throw new StageFailure('proxy', exchange.code, exchange.detail, 407);
    let step: AuthStep = exchange.first();
    // Each scheme ends in at most four legs (Negotiate: SPNEGO, bare, authenticate); the bound is a backstop.
    for (let leg = 0; leg < 6; leg++) {
      if (step.fresh) {
        socket.destroy();
        socket = await open();
      }
      answer = await send(socket, step.authorization);
      if (answer.head.status !== 407) return { socket, answer };
      const next = exchange.next(answer.head);
      if (isAuthFailure(next)) throw new StageFailure('proxy', next.code, next.detail, 407);
      if (!next.fresh && !answer.reusable) {
        throw new StageFailure(
          'proxy',
          'PROXY_ERROR',
          detail('PROXY_CLOSED_MID_HANDSHAKE', { scheme: exchange.scheme.toUpperCase() }),
          407,
        );
      }
      step = next;
    }
    throw new StageFailure('proxy', 'PROXY_AUTH_FAILED', detail('PROXY_HANDSHAKE_UNENDED', { scheme: exchange.scheme.toUpperCase() }), 407);
  }

  /** Plain-HTTP URLs (CRLs) go to the proxy as `GET http://host/path`, not through a tunnel. */
  private async plainViaProxy(proxy: ProxyEndpoint, open: () => Promise<Socket>): Promise<HttpAnswer> {
    const { port, secure, host } = this.target;
    const hostHeader = port === (secure ? 443 : 80) ? host : authority(host, port);
    const { answer } = await this.authenticated(
      proxy,
      open,
      { method: 'GET', target: this.target.url, host: hostHeader },
      `GET ${this.target.url}: `,
    );
    // Only a proxy that says so (Squid's X-Squid-Error) can be told apart from the server on plain HTTP.
    if (headerValues(answer.head, 'x-squid-error').length > 0 && answer.head.status >= 400) throw refusal(answer.head);
    const headers: Record<string, string | string[]> = {};
    for (const [name, values] of answer.head.headers) headers[name] = values.length === 1 ? values[0]! : values;
    return { status: answer.head.status, headers, body: answer.body.toString('utf8') };
  }

  private async secure(socket: Socket): Promise<TLSSocket> {
    const tlsSocket = await this.timed(
      'tls',
      'tlsMs',
      () => handshake(socket, this.target.host, this.deadline),
      this.timeoutOr('tls', 'TLS_FAILED'),
    );
    const chain = PresentedChain.of(tlsSocket);
    this.record.chain = chain.describe();
    if (this.pins) {
      const judgement = chain.judge(this.pins);
      if (!judgement.trusted) {
        this.record.intercepted = judgement.code === 'TLS_INTERCEPTED';
        throw new StageFailure('tls', judgement.code, judgement.detail);
      }
    }
    const dated = [...chain.certificates];
    if (this.machineRoots) {
      const trust = machineTrustOf(chain.certificates, this.machineRoots);
      if ('problem' in trust) throw new StageFailure('tls', trust.problem.code, trust.problem.detail);
      if (trust.root.certificate) dated.push(trust.root.certificate);
    }
    const outOfDate = validityProblem(dated, new Date());
    if (outOfDate) throw new StageFailure('tls', outOfDate.code, outOfDate.detail);
    const mismatch = chain.nameMismatch(this.target.host);
    if (mismatch !== null) throw new StageFailure('tls', 'TLS_NAME_MISMATCH', mismatch);
    return tlsSocket;
  }

  private get(socket: Socket, path: string, headers: Record<string, string>): Promise<HttpAnswer> {
    const { host, port, secure } = this.target;
    const hostHeader = port === (secure ? 443 : 80) ? host : authority(host, port);
    return this.timed(
      'http',
      'httpMs',
      () => getOverSocket(socket, hostHeader, path, headers, this.deadline),
      this.timeoutOr('http', 'HTTP_FAILED'),
    );
  }
}

function connectFailure(error: unknown, where: string): StageFailure {
  if (error instanceof DeadlineExceeded) return new StageFailure('connect', 'CONNECT_TIMEOUT', `${where}: ${error.message}`);
  const code = (error as NodeJS.ErrnoException).code;
  const unreachable = code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
  return new StageFailure('connect', unreachable ? 'CONNECT_TIMEOUT' : 'CONNECT_REFUSED', `${where}: ${errorText(error)}`);
}

function refusal(head: ResponseHead): StageFailure {
  const { code, detail } = classifyProxyRefusal(head);
  return new StageFailure('proxy', code, detail, head.status);
}
