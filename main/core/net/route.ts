import { BrokerError } from '../errors.js';
import { bypassesProxy, envProxyFor, parseProxyUrl, proxyVariablesSet, type ProxyVariable } from './proxy-env.js';
import { systemProxyResolver } from './system-proxy.js';
import { extraTrust, type Trust } from './trust.js';

/** Where the proxy in a route came from: a variable to fix, or the OS settings the app read. */
export type ProxySource = ProxyVariable | 'system';

/** How one request leaves this machine. */
export interface Route {
  /** Undefined: connect directly. Holds credentials when configured with them: never show it whole. */
  proxy?: URL;
  source?: ProxySource;
  /** Extra trust (AWS_CA_BUNDLE) for the target's TLS and for a TLS proxy; undefined: the runtime's defaults. */
  trust?: Trust;
}

/**
 * Whether anything could make a request leave other than by Node's defaults. When not, callers keep their
 * default agents and Node's own fetch, and nothing of the proxy machinery is loaded.
 */
export function customNetwork(env: NodeJS.ProcessEnv = process.env): boolean {
  return proxyVariablesSet(env) || Boolean(env.AWS_CA_BUNDLE?.trim()) || systemProxyResolver() !== undefined;
}

/**
 * The route for one target: the proxy variables when any is set (NO_PROXY honoured), else the system settings
 * the app installed (NO_PROXY still honoured), else direct.
 */
export async function routeFor(target: URL, env: NodeJS.ProcessEnv = process.env): Promise<Route> {
  const route = await proxyRoute(target, env);
  // Extra CAs matter only where TLS is spoken: to the target, or to an https:// proxy (loopback emulators
  // over plain http then skip reading the bundle).
  const tlsSpoken = target.protocol === 'https:' || route.proxy?.protocol === 'https:';
  const trust = tlsSpoken ? extraTrust(env) : undefined;
  return trust === undefined ? route : { ...route, trust };
}

async function proxyRoute(target: URL, env: NodeJS.ProcessEnv): Promise<Route> {
  const fromEnv = envProxyFor(target, env);
  if (fromEnv) {
    const proxy = parseProxyUrl(fromEnv.value);
    if (!proxy || (proxy.protocol !== 'http:' && proxy.protocol !== 'https:')) {
      // The value itself is not echoed: it may hold a password.
      throw new BrokerError(
        'config-invalid',
        `${fromEnv.variable} is not an http:// or https:// proxy URL the broker can use; fix ${fromEnv.variable} (for example http://proxy.example.com:3128).`,
      );
    }
    return { proxy, source: fromEnv.variable };
  }
  if (fromEnv === null) return {};
  const resolver = systemProxyResolver();
  if (!resolver || bypassesProxy(target, env)) return {};
  let proxy: URL | undefined;
  try {
    // The origin only: a path can carry secrets (the console federation URL holds the session's keys).
    proxy = await resolver(`${target.origin}/`);
  } catch {
    // The OS settings could not be read: going direct is what the app did before it asked.
    proxy = undefined;
  }
  return proxy ? { proxy, source: 'system' } : {};
}
