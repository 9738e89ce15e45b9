import { describe, expect, it } from 'vitest';
import { createApi } from '../../renderer/src/api/api-client.js';
import { ApiError, describeError } from '../../renderer/src/api/api-error.js';
import { pickBridge, tokenFromHash } from '../../renderer/src/api/pick-bridge.js';
import { FakeBridge, Refusal } from './fake-bridge.js';
import { account } from './fixtures.js';

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
    const api = createApi(new FakeBridge({ signOut: () => { throw new Refusal({ code: 'keychain-locked', message: 'Locked.', hint: 'Unlock it.' }); } }));
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
