import { detail } from '../../messages';
import { isIP, type Socket } from 'node:net';
import { connect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import type { Deadline } from './deadline';
import { SCHANNEL_HELLO } from './schannel-hello';

let probeContext: SecureContext | null = null;
const ipLiterals = new Map<string, boolean>();

/** net.isIP per name, remembered: Node's IPv6 pattern is slow on a long host name, and a sweep names the same hosts on every route. */
function isIpLiteral(name: string): boolean {
  let literal = ipLiterals.get(name);
  if (literal === undefined) {
    literal = isIP(name) !== 0;
    ipLiterals.set(name, literal);
  }
  return literal;
}

/**
 * The one secure context every probe's handshake uses, made on first use: building one (an OpenSSL SSL_CTX)
 * per handshake cost more CPU than anything else in a probe. It offers what Windows' SChannel offers
 * (schannel-hello.ts). Versions, suites, groups and `ca` must be here, not in connect()'s options: tls.connect
 * ignores them when given a context. An empty trust store (`ca: []`): Node would otherwise append a root it holds
 * to the chain the server presented. Sharing it resumes no session (Node keeps no client session cache; a probe
 * passes no `session`), so every probe still sees the full chain.
 */
function sharedContext(): SecureContext {
  probeContext ??= createSecureContext({ ...SCHANNEL_HELLO, ca: [] });
  return probeContext;
}

/**
 * TLS over an open connection (direct or a proxy tunnel), with SNI, deliberately WITHOUT trusting the chain:
 * the probe judges the chain itself against the endpoint's pinned roots, so an intercepting proxy's chain is
 * captured instead of being an opaque handshake error.
 */
export function handshake(socket: Socket, serverName: string, deadline: Deadline): Promise<TLSSocket> {
  return deadline.step<TLSSocket>((resolve, reject) => {
    const tlsSocket = deadline.track(
      connect({
        socket,
        servername: isIpLiteral(serverName) ? undefined : serverName,
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
        secureContext: sharedContext(),
      }),
    );
    const onError = (error: Error) => reject(error);
    const onConnect = () => resolve(tlsSocket);
    const onClose = () => reject(new Error(detail('TLS_CLOSED_IN_HANDSHAKE')));
    tlsSocket.once('error', onError);
    tlsSocket.once('secureConnect', onConnect);
    tlsSocket.once('close', onClose);
    socket.resume();
    return () => {
      tlsSocket.off('error', onError);
      tlsSocket.off('secureConnect', onConnect);
      tlsSocket.off('close', onClose);
    };
  });
}
