import { proxyFromPacResult } from '../core/net/pac-result.js';
import { setSystemProxyResolver } from '../core/net/system-proxy.js';

/**
 * The operating system's proxy settings for the core: Electron's session resolves them (manual settings, PAC
 * scripts, WPAD) and answers in PAC syntax ("PROXY host:port; DIRECT"). The core asks only when no proxy
 * variable is set (net/route.ts). The session is passed in, so tests use a fake and this file never imports
 * 'electron'.
 */
export interface ProxyResolvingSession {
  resolveProxy(url: string): Promise<string>;
}

/** Installs the resolver; the returned function removes it (the shell calls it on quit). */
export function installSystemProxy(session: ProxyResolvingSession): () => void {
  return setSystemProxyResolver(async (url) => proxyFromPacResult(await session.resolveProxy(url)));
}
