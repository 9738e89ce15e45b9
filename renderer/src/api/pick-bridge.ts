import type { BrokerBridge } from '../../../main/contract/transport.js';
import { createHttpBridge } from './http-bridge-client.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    cognitoBroker?: BrokerBridge;
  }
}

/** The bridge token arrives in the URL fragment (`#token=...`), which browsers never send to a server. */
export function tokenFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.length > 0 ? token : undefined;
}

/** Electron's preload bridge when present, else the HTTP bridge that served this page, else nothing. */
export function pickBridge(win: Window = window): BrokerBridge | undefined {
  if (win.cognitoBroker) return win.cognitoBroker;
  const token = tokenFromHash(win.location.hash);
  if (!token) return undefined;
  return createHttpBridge({ baseUrl: win.location.origin, token });
}
