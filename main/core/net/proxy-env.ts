/**
 * Which proxy the environment asks for, read the way the AWS CLI (botocore, through Python's urllib) reads it,
 * so one shell set-up serves the AWS CLI and the broker alike:
 * - `https_proxy` / `HTTPS_PROXY` for https URLs, `http_proxy` / `HTTP_PROXY` for http URLs; when both cases are
 *   set the lower-case one wins (AWS CLI user guide, "Using an HTTP proxy"). An https URL does not fall back to
 *   HTTP_PROXY: botocore picks the proxy by the URL's scheme only.
 * - a value without a scheme is an http:// proxy (botocore prepends it);
 * - `no_proxy` / `NO_PROXY` (lower case wins): `*` bypasses every host; otherwise comma-separated names, each
 *   matching that host and every host below it (`example.com` and `.example.com` both cover `a.example.com`),
 *   optionally with `:port`. No CIDR ranges: urllib, and so the AWS CLI, has none.
 */
export type ProxyVariable = 'HTTPS_PROXY' | 'HTTP_PROXY';

export interface EnvProxy {
  /** The proxy URL, credentials included: never log or show it, use `describeProxy`. */
  url: URL;
  variable: ProxyVariable;
}

/** The value of a variable, lower case first; empty counts as unset. */
function read(env: NodeJS.ProcessEnv, upper: string): string | undefined {
  for (const name of [upper.toLowerCase(), upper]) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Whether the person configured any proxy variable: then the system proxy settings are not consulted. */
export function proxyVariablesSet(env: NodeJS.ProcessEnv): boolean {
  return read(env, 'HTTPS_PROXY') !== undefined || read(env, 'HTTP_PROXY') !== undefined;
}

/** Parses a proxy setting; undefined when it is not a URL the broker can use (the caller reports it). */
export function parseProxyUrl(value: string): URL | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    return url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The proxy the variables name for `target`, `null` when they say to go direct (no variable for its scheme, or
 * NO_PROXY covers it), undefined when no proxy variable is set at all.
 */
export function envProxyFor(target: URL, env: NodeJS.ProcessEnv): { variable: ProxyVariable; value: string } | null | undefined {
  if (!proxyVariablesSet(env)) return undefined;
  if (bypassesProxy(target, env)) return null;
  const variable: ProxyVariable = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  const value = read(env, variable);
  return value === undefined ? null : { variable, value };
}

/** NO_PROXY as urllib's proxy_bypass_environment applies it (see the top of this file). */
export function bypassesProxy(target: URL, env: NodeJS.ProcessEnv): boolean {
  const noProxy = read(env, 'NO_PROXY');
  if (noProxy === undefined) return false;
  if (noProxy === '*') return true;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().replace(/^\.+/, '').toLowerCase();
    if (entry === '') continue;
    const [name, entryPort] = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

function splitPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1] as string, bracketed[2]];
  const colon = entry.lastIndexOf(':');
  // One colon and digits after it is host:port; more colons is a bare IPv6 address.
  if (colon > 0 && entry.indexOf(':') === colon && /^\d+$/.test(entry.slice(colon + 1))) return [entry.slice(0, colon), entry.slice(colon + 1)];
  return [entry, undefined];
}

/** A proxy URL as it may be shown: scheme, host and port only, never `user:password@`. */
export function describeProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
