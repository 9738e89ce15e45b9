import { resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../core/api/content-security-policy.js';

/**
 * The window's security settings, in one place so the packaged app and the tests agree on them.
 * Only the few members of Electron objects used here are named, so tests pass plain fakes.
 */

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
  /** Middle-click would open links in new windows; the window-open handler denies them anyway. */
  disableBlinkFeatures: 'Auxclick';
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    disableBlinkFeatures: 'Auxclick',
  };
}

/** External links the window may open in the person's browser: AWS and Cognito documentation, https only. */
export const ALLOWED_EXTERNAL_HOSTS: readonly string[] = ['docs.aws.amazon.com', 'aws.amazon.com', 'console.aws.amazon.com', 'github.com'];

/** AWS's console federation (sign-in) hosts of every partition: where an "Open console" URL goes. */
export const CONSOLE_SIGN_IN_HOSTS: readonly string[] = ['signin.aws.amazon.com', 'signin.amazonaws.cn', 'signin.amazonaws-us-gov.com'];

function parse(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isAllowedExternalUrl(url: string, hosts: readonly string[] = ALLOWED_EXTERNAL_HOSTS): boolean {
  const parsed = parse(url);
  return parsed !== undefined && parsed.protocol === 'https:' && hosts.includes(parsed.hostname);
}

/**
 * What the app itself may hand to the person's browser: the allow-listed https hosts, the console sign-in
 * hosts, and the managed-login domains of the configured accounts (exactly their origin, as the account
 * names it — an administrator may point a test account at a loopback stand-in).
 */
export function isAllowedAppUrl(url: string, managedLoginDomains: readonly string[]): boolean {
  if (isAllowedExternalUrl(url, [...ALLOWED_EXTERNAL_HOSTS, ...CONSOLE_SIGN_IN_HOSTS])) return true;
  const parsed = parse(url);
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return false;
  return managedLoginDomains.some((domain) => parse(domain)?.origin === parsed.origin);
}

/** The renderer's index.html as the file:// URL Electron reports for it (no hash, no query). */
export function rendererUrl(indexHtml: string): string {
  return pathToFileURL(indexHtml).href;
}

/** True when `url` is a file inside the renderer's folder (its scripts, styles and images). */
export function isRendererFile(url: string, rendererDir: string): boolean {
  let file: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
    file = resolve(fileURLToPath(parsed));
  } catch {
    return false;
  }
  return file.startsWith(resolve(rendererDir) + sep);
}

interface PreventableEvent {
  preventDefault(): void;
}

export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface HardenableSession {
  setPermissionRequestHandler(handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void;
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[] | string> },
        callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string[] | string> }) => void,
      ) => void,
    ): void;
  };
}

export interface HardenOptions {
  rendererDir: string;
  openExternal(url: string): void;
  allowedHosts?: readonly string[];
  /** Replaces the host list when given: e.g. isAllowedAppUrl with the accounts' managed-login domains. */
  isAllowed?(url: string): boolean;
}

/**
 * Navigation and new windows are refused: the window only ever shows our own page. A link to an allowed
 * https page opens in the person's browser instead; anything else is dropped.
 */
export function hardenWebContents(contents: HardenableContents, options: HardenOptions): void {
  const external = (url: string): void => {
    const allowed = options.isAllowed ? options.isAllowed(url) : isAllowedExternalUrl(url, options.allowedHosts);
    // Security scan (electronegativity) reason: only URLs of the allow list (or the shell's isAllowed) are opened.
    if (allowed) options.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    external(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    external(url);
    return { action: 'deny' };
  });
}

/**
 * The session: every permission (camera, notifications from the page, clipboard reads, ...) denied; no
 * request leaves for anything but our own files (no remote content, whatever the page tries); our pages
 * get the strict Content-Security-Policy as a response header, which the page cannot loosen.
 */
export function hardenSession(session: HardenableSession, options: Pick<HardenOptions, 'rendererDir'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isRendererFile(details.url, options.rendererDir) || details.url.startsWith('devtools://');
    callback(allowed ? {} : { cancel: true });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...(details.responseHeaders ?? {}), 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
