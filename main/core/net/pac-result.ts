/**
 * Electron's `session.resolveProxy(url)` answers in PAC syntax: `DIRECT`, or entries such as
 * `PROXY host:port; HTTPS host:port; DIRECT`, tried in order. The broker takes the first entry it can use:
 * PROXY (an http:// proxy) or HTTPS (a TLS proxy); DIRECT ends the list; SOCKS entries are skipped because
 * the proxy agents speak HTTP CONNECT only.
 */
export function proxyFromPacResult(result: string): URL | undefined {
  for (const raw of result.split(';')) {
    const [kind, address] = raw.trim().split(/\s+/, 2);
    const type = kind?.toUpperCase();
    if (type === 'DIRECT') return undefined;
    if ((type === 'PROXY' || type === 'HTTPS') && address) {
      try {
        return new URL(`${type === 'HTTPS' ? 'https' : 'http'}://${address}`);
      } catch {
        continue;
      }
    }
  }
  return undefined;
}
