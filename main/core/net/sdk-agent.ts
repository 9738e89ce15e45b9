import type { Agent as HttpAgent, ClientRequest } from 'node:http';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { Agent as AgentBase, type AgentConnectOpts } from 'agent-base';
import { networkFailure, proxyClosed, proxyRefused, proxyTimedOut } from './network-errors.js';
import { customNetwork, routeFor, type Route } from './route.js';

/**
 * The http(s) agent the AWS SDK clients use when the network needs more than Node's defaults (a proxy
 * variable, AWS_CA_BUNDLE, or the app's system proxy). It decides per connection — the system proxy resolver
 * is asynchronous, which agent-base's async `connect()` allows — and then:
 * - https through a proxy: https-proxy-agent opens the CONNECT tunnel, TLS runs inside it with the extra CAs;
 * - http through a proxy: http-proxy-agent (absolute-URI requests), which the request is handed to;
 * - direct: a plain TCP or TLS connection with the extra CAs.
 * The connection is set up completely (TLS handshake included) before the request gets it, so a refusing
 * proxy or an untrusted certificate becomes one BrokerError naming the setting, not an SDK parse error.
 * The proxy agents are loaded on first use only.
 */
/**
 * Opening a tunnel (proxy connection, CONNECT, TLS handshake) must finish before the SDK's own connection
 * timeout (aws/clients.ts CONNECT_TIMEOUT_MS, 3 s) fires with a bare TimeoutError, so a proxy that accepts
 * and never answers is reported here, by name. A working proxy opens a tunnel in well under a second.
 */
export const PROXY_CONNECT_TIMEOUT_MS = 2_500;
export const DIRECT_CONNECT_TIMEOUT_MS = 3_000;

type Delegates = { tunnel?: Promise<TunnelAgent>; forward?: Promise<HttpAgent> };
type ForwardedRequest = Parameters<import('http-proxy-agent').HttpProxyAgent<string>['connect']>[0];
type TunnelAgent = { connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Duplex> };

export class RoutingAgent extends AgentBase {
  private readonly delegates = new Map<string, Delegates>();
  private readonly forwards: HttpAgent[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    super({ keepAlive: true });
  }

  override async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Duplex | HttpAgent> {
    const secure = opts.secureEndpoint;
    const host = net.isIPv6(opts.host ?? '') ? `[${opts.host}]` : (opts.host ?? 'localhost');
    const target = new URL(`${secure ? 'https' : 'http'}://${host}:${opts.port}/`);
    const route = await routeFor(target, this.env);
    if (!route.proxy) return withTimeout(direct(opts, route, target), DIRECT_CONNECT_TIMEOUT_MS, () => timeoutError(target));
    if (!secure) {
      // A kept-alive proxy connection would go back to this agent's pool, and the next request on it would be
      // sent in origin form ("POST /"), which the proxy refuses: http-proxy-agent makes the URI absolute only
      // for a request it is handed. Forwarded plain-http requests (local emulators) use one connection each.
      req.shouldKeepAlive = false;
      return this.forwardAgent(route);
    }
    return withTimeout(this.tunnel(req, opts, route, target), PROXY_CONNECT_TIMEOUT_MS, () => proxyTimedOut(route, target, PROXY_CONNECT_TIMEOUT_MS / 1000));
  }

  override destroy(): void {
    for (const agent of this.forwards) agent.destroy();
    super.destroy();
  }

  private delegatesFor(route: Route): Delegates {
    const key = `${route.proxy?.href}\n${route.trust?.key ?? ''}`;
    let entry = this.delegates.get(key);
    if (!entry) this.delegates.set(key, (entry = {}));
    return entry;
  }

  private async tunnel(req: ClientRequest, opts: AgentConnectOpts, route: Route, target: URL): Promise<Duplex> {
    const entry = this.delegatesFor(route);
    entry.tunnel ??= import('https-proxy-agent').then(
      ({ HttpsProxyAgent }) => new HttpsProxyAgent(route.proxy as URL, route.trust ? { secureContext: route.trust.secureContext() } : {}),
    );
    const agent = await entry.tunnel;
    let status: number | undefined;
    req.once('proxyConnect', (answer: { statusCode?: number }) => (status = answer.statusCode));
    let socket: Duplex;
    try {
      socket = await agent.connect(req, { ...opts, ...(route.trust ? { secureContext: route.trust.secureContext() } : {}) });
    } catch (error) {
      throw networkFailure(error, route, target, 'proxy') ?? proxyClosed(route, target, error);
    }
    if (status !== 200) {
      // https-proxy-agent would replay the proxy's answer as if the service had sent it; refuse instead.
      socket.destroy();
      throw proxyRefused(route, target, status ?? 0);
    }
    try {
      await handshake(socket as tls.TLSSocket);
    } catch (error) {
      throw networkFailure(error, route, target, 'target') ?? error;
    }
    return socket;
  }

  private async forwardAgent(route: Route): Promise<HttpAgent> {
    const entry = this.delegatesFor(route);
    entry.forward ??= import('http-proxy-agent').then(({ HttpProxyAgent }) => {
      /** Reports a proxy that cannot be reached in the same words as the tunnel does. */
      class ReportingHttpProxyAgent extends HttpProxyAgent<string> {
        override async connect(req: ForwardedRequest, opts: AgentConnectOpts): Promise<net.Socket> {
          const target = new URL(`http://${opts.host}:${opts.port}/`);
          try {
            return await super.connect(req, opts);
          } catch (error) {
            throw networkFailure(error, route, target, 'proxy') ?? error;
          }
        }
      }
      const agent = new ReportingHttpProxyAgent((route.proxy as URL).href, {
        keepAlive: true,
        ...(route.trust ? { secureContext: route.trust.secureContext() } : {}),
      });
      this.forwards.push(agent);
      return agent;
    });
    return entry.forward;
  }
}

async function direct(opts: AgentConnectOpts, route: Route, target: URL): Promise<Duplex> {
  const host = opts.host ?? 'localhost';
  const port = Number(opts.port);
  if (!opts.secureEndpoint) {
    const socket = net.connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return socket;
  }
  const socket = tls.connect({
    host,
    port,
    ...(net.isIP(host) ? {} : { servername: host }),
    ALPNProtocols: ['http/1.1'],
    ...(route.trust ? { secureContext: route.trust.secureContext() } : {}),
  });
  try {
    await handshake(socket);
  } catch (error) {
    throw networkFailure(error, route, target, 'target') ?? error;
  }
  return socket;
}

function handshake(socket: tls.TLSSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.once('secureConnect', () => {
      socket.off('error', fail);
      resolve();
    });
    socket.once('error', fail);
  });
}

function timeoutError(target: URL): Error {
  return Object.assign(new Error(`connect ETIMEDOUT ${target.host}`), { code: 'ETIMEDOUT' });
}

async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `requestHandler` agents for an SDK client: none (the SDK's defaults) when the network needs nothing
 * special, else a fresh routing agent (a client's destroy() ends its agent's sockets, so clients never share one).
 */
export function sdkAgents(env: NodeJS.ProcessEnv = process.env): { httpAgent?: RoutingAgent; httpsAgent?: RoutingAgent } {
  if (!customNetwork(env)) return {};
  const agent = new RoutingAgent(env);
  return { httpAgent: agent, httpsAgent: agent };
}
