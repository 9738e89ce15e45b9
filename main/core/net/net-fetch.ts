import type { Dispatcher } from 'undici';
import { networkFailure } from './network-errors.js';
import { customNetwork, routeFor, type Route } from './route.js';

/**
 * fetch for the broker's own HTTPS calls (signing keys, managed-login token and revoke endpoints, the console
 * federation endpoint, the settings check). Without a proxy or extra CAs it is Node's fetch, unchanged.
 * Otherwise it is undici's own fetch with undici's dispatcher — never Node's built-in fetch with a dispatcher
 * from the npm package, whose internals may differ by version — loaded on first use only, because undici
 * takes tens of milliseconds to load and most runs need none of it.
 */
export type NetFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

const dispatchers = new Map<string, Dispatcher>();

export async function netFetch(input: string | URL, init: RequestInit = {}, env: NodeJS.ProcessEnv = process.env): Promise<Response> {
  if (!customNetwork(env)) return fetch(input, init);
  const target = new URL(String(input));
  const route = await routeFor(target, env);
  if (!route.proxy && !route.trust) return fetch(input, init);
  const undici = await import('undici');
  try {
    const response = await undici.fetch(target, { ...(init as Record<string, unknown>), dispatcher: dispatcherFor(route, undici) });
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- because the tests' program has the DOM lib, where Response is the DOM's type and undici's is not assignable to it
    return response as unknown as Response;
  } catch (error) {
    throw networkFailure(error, route, target) ?? error;
  }
}

function dispatcherFor(route: Route, undici: typeof import('undici')): Dispatcher {
  const key = `${route.proxy?.href ?? 'direct'}\n${route.trust?.key ?? ''}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    const tlsOptions = route.trust ? { secureContext: route.trust.secureContext() } : {};
    dispatcher = route.proxy
      ? new undici.ProxyAgent({ uri: route.proxy.href, requestTls: tlsOptions, proxyTls: tlsOptions })
      : new undici.Agent({ connect: tlsOptions });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}
