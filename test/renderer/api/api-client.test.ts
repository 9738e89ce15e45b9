import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../../renderer/src/api/api-client.js';
import { ApiError, describeError } from '../../../renderer/src/api/api-error.js';
import { createHttpBridge } from '../../../renderer/src/api/http-bridge-client.js';
import { pickBridge, tokenFromHash } from '../../../renderer/src/api/pick-bridge.js';
import { FakeBridge, Refusal } from '../support/fake-bridge.js';
import { account } from '../support/fixtures.js';

describe('api client', () => {
  it('calls the bridge with the method and arguments, dropping trailing undefined', async () => {
    const bridge = new FakeBridge({ signInStart: () => ({ flowId: 'f', step: { kind: 'totp-code' } }), getAccount: () => account() });
    const api = createApi(bridge);
    await api.signInStart('acme-dev');
    await api.signInStart('acme-dev', undefined);
    expect(bridge.calls).toEqual([
      { method: 'signInStart', args: ['acme-dev'] },
      { method: 'signInStart', args: ['acme-dev'] },
    ]);
    expect((await api.getAccount('acme-dev')).name).toBe('acme-dev');
  });

  it('throws a refusal as ApiError with code, message and hint', async () => {
    const api = createApi(
      new FakeBridge({
        signOut: () => {
          throw new Refusal({ code: 'keychain-locked', message: 'Locked.', hint: 'Unlock it.' });
        },
      }),
    );
    const error = await api.signOut('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(describeError(error)).toEqual({ code: 'keychain-locked', message: 'Locked.', hint: 'Unlock it.' });
    expect(describeError(new TypeError('x is undefined')).message).toBe('Something went wrong in the window.');
  });

  it('reads the bridge token from the URL fragment and prefers the preload bridge', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('')).toBeUndefined();
    const preload = new FakeBridge();
    expect(pickBridge({ cognitoBroker: preload, location: { hash: '', origin: 'http://127.0.0.1:1' } } as unknown as Window)).toBe(preload);
    expect(pickBridge({ location: { hash: '', origin: 'http://127.0.0.1:1' } } as unknown as Window)).toBeUndefined();
    expect(pickBridge({ location: { hash: '#token=t', origin: 'http://127.0.0.1:1' } } as unknown as Window)).toBeDefined();
  });
});

describe('HTTP bridge client', () => {
  class FakeEventSource {
    static last: FakeEventSource | undefined;
    readonly listeners = new Map<string, (e: { data: string }) => void>();
    closed = false;
    constructor(readonly url: string) {
      FakeEventSource.last = this;
    }
    addEventListener(name: string, fn: (e: { data: string }) => void) {
      this.listeners.set(name, fn);
    }
    close() {
      this.closed = true;
    }
  }

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('posts the call with the bearer token and returns the CallResponse', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, result: [] }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const bridge = createHttpBridge({ baseUrl: 'http://127.0.0.1:4711/', token: 'tok' });
    expect(await bridge.call('listAccounts', [])).toEqual({ ok: true, result: [] });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:4711/api/call');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect(JSON.parse(String(init.body))).toEqual({ method: 'listAccounts', args: [] });
  });

  it('turns an unreachable bridge or a non-API answer into one sentence saying what to do', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const bridge = createHttpBridge({ baseUrl: 'http://127.0.0.1:1', token: 't' });
    const down = await bridge.call('listAccounts', []);
    expect(down).toMatchObject({ ok: false, error: { code: 'network', message: 'The window lost its connection to Cognito Broker.' } });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('Unauthorized', { status: 401 })),
    );
    expect(await bridge.call('listAccounts', [])).toMatchObject({ ok: false, error: { code: 'network' } });
  });

  it('opens one event stream with the token, delivers named events, drops malformed ones, closes with the last listener', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const bridge = createHttpBridge({ baseUrl: 'http://127.0.0.1:4711', token: 'a b' });
    const got: unknown[] = [];
    const off1 = bridge.onEvent((m) => got.push(m));
    const off2 = bridge.onEvent(() => undefined);
    const source = FakeEventSource.last!;
    expect(source.url).toBe('http://127.0.0.1:4711/api/events?token=a%20b');
    source.listeners.get('accounts-changed')!({ data: JSON.stringify({ reason: 'signed in' }) });
    source.listeners.get('activity')!({ data: '{not json' });
    expect(got).toEqual([{ event: 'accounts-changed', payload: { reason: 'signed in' } }]);
    off1();
    expect(source.closed).toBe(false);
    off2();
    expect(source.closed).toBe(true);
  });
});
