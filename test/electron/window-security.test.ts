/* eslint-disable @typescript-eslint/no-explicit-any -- because these fakes stand in for Electron's overloaded on(event, listener) signatures, whose listeners take event-specific arguments */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/core/api/content-security-policy.js';
import {
  hardenSession,
  hardenWebContents,
  isAllowedAppUrl,
  isAllowedExternalUrl,
  isRendererFile,
  secureWebPreferences,
  type HardenableContents,
  type HardenableSession,
} from '../../main/electron/window-security.js';

const RENDERER = join('/opt', 'Cognito Broker', 'resources', 'app.asar', 'dist', 'renderer');

function fakeContents() {
  const listeners = new Map<string, (...args: any[]) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  const contents: HardenableContents = {
    on: ((event: string, listener: (...args: any[]) => void) => listeners.set(event, listener)) as HardenableContents['on'],
    setWindowOpenHandler: (h) => {
      openHandler = h;
    },
  };
  const fire = (event: string, url?: string) => {
    let prevented = false;
    listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window security', () => {
  it('turns every web preference to its safe value', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toEqual({
      preload: '/p/preload.cjs',
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
    });
  });

  it('blocks navigation, redirects, webviews and new windows; opens only allowed https links outside', () => {
    const opened: string[] = [];
    const { contents, fire, open } = fakeContents();
    hardenWebContents(contents, { rendererDir: RENDERER, openExternal: (u) => opened.push(u) });
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'https://docs.aws.amazon.com/cognito/')).toBe(true);
    expect(fire('will-redirect', 'https://docs.aws.amazon.com/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(open('https://docs.aws.amazon.com/cli/')).toEqual({ action: 'deny' });
    expect(open('http://docs.aws.amazon.com/cli/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('https://user:pw@docs.aws.amazon.com/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.aws.amazon.com/cognito/', 'https://docs.aws.amazon.com/cli/']);
  });

  it('knows which external URLs are allowed', () => {
    expect(isAllowedExternalUrl('https://aws.amazon.com/cognito/')).toBe(true);
    expect(isAllowedExternalUrl('https://aws.amazon.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });

  it('lets the app open the console sign-in hosts of every partition and exactly the managed-login domains of its accounts', () => {
    const domains = ['https://acme.auth.eu-west-1.amazoncognito.com', 'http://127.0.0.1:4567'];
    expect(isAllowedAppUrl('https://signin.aws.amazon.com/federation?Action=login&SigninToken=x', domains)).toBe(true);
    expect(isAllowedAppUrl('https://signin.amazonaws.cn/federation?Action=login', domains)).toBe(true);
    expect(isAllowedAppUrl('https://signin.amazonaws-us-gov.com/federation?Action=login', domains)).toBe(true);
    expect(isAllowedAppUrl('http://signin.aws.amazon.com/federation', domains)).toBe(false);
    expect(isAllowedAppUrl('https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize?client_id=a', domains)).toBe(true);
    expect(isAllowedAppUrl('https://other.auth.eu-west-1.amazoncognito.com/oauth2/authorize', domains)).toBe(false);
    expect(isAllowedAppUrl('http://127.0.0.1:4567/logout?client_id=a', domains)).toBe(true);
    expect(isAllowedAppUrl('http://127.0.0.1:4568/logout', domains)).toBe(false);
    expect(isAllowedAppUrl('https://user:pw@acme.auth.eu-west-1.amazoncognito.com/', domains)).toBe(false);
    expect(isAllowedAppUrl('file:///etc/passwd', domains)).toBe(false);
    expect(isAllowedAppUrl('https://docs.aws.amazon.com/cognito/', [])).toBe(true);

    // The window's links follow the same rule when the shell passes it.
    const opened: string[] = [];
    const { contents, open } = fakeContents();
    hardenWebContents(contents, { rendererDir: RENDERER, openExternal: (u) => opened.push(u), isAllowed: (u) => isAllowedAppUrl(u, domains) });
    expect(open('https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize?x=1')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://acme.auth.eu-west-1.amazoncognito.com/oauth2/authorize?x=1']);
  });

  it('lets the session load only our own files, denies every permission and adds the CSP header', () => {
    let request: ((d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) | undefined;
    let headers:
      | ((
          d: { url: string; responseHeaders?: Record<string, string[] | string> },
          cb: (r: { responseHeaders?: Record<string, string[] | string> }) => void,
        ) => void)
      | undefined;
    let permission: ((c: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((c: unknown, p: string) => boolean) | null = null;
    const session: HardenableSession = {
      setPermissionRequestHandler: (h) => (permission = h),
      setPermissionCheckHandler: (h) => (check = h),
      webRequest: { onBeforeRequest: (l) => (request = l), onHeadersReceived: (l) => (headers = l) },
    };
    hardenSession(session, { rendererDir: RENDERER });
    const decide = (url: string) => {
      let out: { cancel?: boolean } | undefined;
      request!({ url }, (r) => (out = r));
      return out?.cancel === true ? 'cancel' : 'allow';
    };
    const own = pathToFileURL(join(RENDERER, 'assets', 'index.js')).href;
    expect(decide(pathToFileURL(join(RENDERER, 'index.html')).href)).toBe('allow');
    expect(decide(own)).toBe('allow');
    expect(decide(pathToFileURL(join(RENDERER, '..', 'main', 'main.cjs')).href)).toBe('cancel');
    expect(decide(`${pathToFileURL(RENDERER).href}/../../secret`)).toBe('cancel');
    expect(decide('https://cdn.example/x.js')).toBe('cancel');
    expect(decide('http://127.0.0.1:8080/')).toBe('cancel');
    expect(decide('file://remote-host/share/x.js')).toBe('cancel');
    expect(isRendererFile(`${pathToFileURL(RENDERER).href}x/a.js`, RENDERER)).toBe(false);

    const granted: boolean[] = [];
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) permission!(null, p, (g) => granted.push(g));
    expect(granted).toEqual([false, false, false, false, false]);
    expect(check!(null, 'clipboard-sanitized-write')).toBe(false);

    let response: Record<string, string[] | string> | undefined;
    headers!({ url: own, responseHeaders: { 'Content-Type': ['text/javascript'] } }, (r) => (response = r.responseHeaders));
    expect(response).toEqual({ 'Content-Type': ['text/javascript'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
