import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../../main/core/errors.js';
import { dispatch } from '../../../main/core/api/dispatch.js';
import { APP_METHODS } from '../../../main/core/api/method-schemas.js';
import { ALL_METHODS, fakeAppApi } from '../../support/fake-app-api.js';

const account = {
  name: 'dev',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123',
  clientId: 'abc123clientid',
  identityPoolId: 'eu-west-1:1234abcd-1234-1234-1234-1234567890ab',
};
const ROLE = 'arn:aws:iam::123456789012:role/BrokerAdmin';

function expectClearError(response: Awaited<ReturnType<typeof dispatch>>): void {
  expect(response.ok).toBe(false);
  if (response.ok) return;
  expect(response.error.code).toMatch(/^[a-z-]+$/);
  expect(response.error.message.length).toBeGreaterThan(10);
  expect(response.error.message.length).toBeLessThan(300);
  expect(response.error.message).toMatch(/[.]$/);
}

describe('dispatch', () => {
  it('allows exactly the AppApi methods', () => {
    expect([...APP_METHODS].sort()).toEqual([...ALL_METHODS].sort());
  });

  it('calls the method with the parsed arguments and returns its result', async () => {
    const api = fakeAppApi();
    api.answers.getAccount = (name) => ({ name, session: { state: 'signed-in', groups: [], roles: [], customAttributes: {} } });
    const r = await dispatch(api, { method: 'getAccount', args: ['dev'] });
    expect(r).toEqual({ ok: true, result: { name: 'dev', session: { state: 'signed-in', groups: [], roles: [], customAttributes: {} } } });
    expect(api.calls).toEqual([{ method: 'getAccount', args: ['dev'] }]);
  });

  it('applies account defaults from the shared account schema', async () => {
    const api = fakeAppApi();
    const r = await dispatch(api, { method: 'addAccount', args: [account] });
    expect(r.ok).toBe(true);
    expect(api.calls[0]?.args[0]).toMatchObject({ ...account, authFlow: 'srp', hasClientSecret: false });
  });

  it('accepts optional trailing arguments and null role', async () => {
    const api = fakeAppApi();
    expect((await dispatch(api, { method: 'signInStart', args: ['dev'] })).ok).toBe(true);
    expect((await dispatch(api, { method: 'signInStart', args: ['dev', 'alice'] })).ok).toBe(true);
    expect((await dispatch(api, { method: 'setDefaultRole', args: ['dev', null] })).ok).toBe(true);
    expect((await dispatch(api, { method: 'addProfile', args: ['dev', ROLE] })).ok).toBe(true);
    expect((await dispatch(api, { method: 'listAccounts' })).ok).toBe(true);
    expect(api.calls).toHaveLength(5);
  });

  it.each([
    [null, 'not an object'],
    [[], 'not an object'],
    [{ method: 'constructor', args: [] }, 'does not offer'],
    [{ method: '__proto__', args: [] }, 'does not offer'],
    [{ method: 'toString', args: [] }, 'does not offer'],
    [{ method: 'hasOwnProperty', args: [] }, 'does not offer'],
    [{ method: 'getAccount', args: 'dev' }, 'list of arguments'],
    [{ method: 'getAccount', args: [] }, 'argument'],
    [{ method: 'getAccount', args: ['../../etc'] }, 'argument 1'],
    [{ method: 'getAccount', args: ['dev', 'extra'] }, 'arguments'],
    [{ method: 'addAccount', args: [{ ...account, region: 'mars' }] }, 'argument 1 (region)'],
    [{ method: 'addAccount', args: [{ ...account, evil: true }] }, 'unknown fields'],
    [{ method: 'setSettings', args: [{ notificationLeadMinutes: -5 }] }, 'notificationLeadMinutes'],
    [{ method: 'setSettings', args: [{ handOff: 'shell' }] }, 'handOff'],
    [{ method: 'signInAnswer', args: ['flow-1', 'x'.repeat(5000)] }, 'argument 2'],
    [{ method: 'setDefaultRole', args: ['dev', 'arn:aws:iam::1:role/x'] }, 'argument 2'],
    // Every method that takes a role refuses a malformed ARN before the core is reached.
    [{ method: 'addProfile', args: ['dev', 'arn:aws:iam::1:role/x'] }, 'argument 2'],
    [{ method: 'addProfile', args: ['dev', 'not-an-arn', 'p'] }, 'argument 2'],
    [{ method: 'addProfile', args: ['dev', `${ROLE}\n[profile evil]`] }, 'argument 2'],
    [{ method: 'openConsole', args: ['dev', 'arn:aws:iam::123456789012:user/alice'] }, 'argument 2'],
  ])('refuses %j with a clear error and no call', async (request, fragment) => {
    const api = fakeAppApi();
    const r = await dispatch(api, request);
    expectClearError(r);
    if (!r.ok) expect(r.error.message).toContain(fragment);
    expect(api.calls).toHaveLength(0);
  });

  it('never echoes an argument value in its error', async () => {
    const api = fakeAppApi();
    const password = 'Hunter2-super-secret-password!';
    const r = await dispatch(api, { method: 'signInAnswer', args: [password, password] });
    expectClearError(r);
    expect(JSON.stringify(r)).not.toContain(password);
    const r2 = await dispatch(api, { method: 'addAccount', args: [{ ...account, [password]: 1 }] });
    expect(JSON.stringify(r2)).not.toContain(password);
  });

  it('returns a BrokerError as a value with code, message and hint', async () => {
    const api = fakeAppApi();
    api.answers.getAccount = () => {
      throw new BrokerError('account-not-found', 'There is no account named dev.', { hint: 'Add it first.' });
    };
    expect(await dispatch(api, { method: 'getAccount', args: ['dev'] })).toEqual({
      ok: false,
      error: { code: 'account-not-found', message: 'There is no account named dev.', hint: 'Add it first.' },
    });
  });

  it('hides the text of an unexpected error and reports it without the text', async () => {
    const api = fakeAppApi();
    const secret = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    api.answers.listAccounts = () => {
      throw new TypeError(`cannot read ${secret}`);
    };
    const seen: string[] = [];
    const r = await dispatch(api, { method: 'listAccounts', args: [] }, { transport: 'ipc' }, { onInternalError: (i) => seen.push(i.what) });
    expectClearError(r);
    if (!r.ok) expect(r.error.code).toBe('internal');
    expect(JSON.stringify(r)).not.toContain(secret);
    expect(seen).toEqual(['threw TypeError']);
  });

  it.each([
    ['an AWS credential set', { accessKeyId: 'ASIAABCDEFGHIJKLMNOP', secretAccessKey: 'x', sessionToken: 'y' }],
    ['a refresh token field', [{ name: 'dev', refreshToken: 'opaque' }]],
    ['a JWT anywhere', { name: 'dev', note: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' }],
    ['an access key id in text', 'export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP'],
    ['a password', { step: { kind: 'password', username: 'a', password: 'p' } }],
    ['a challenge session string', { flowId: 'f', session: 'AYABeC...' }],
    ['a TOTP seed outside enrolment', { step: { kind: 'totp-code', secret: 'JBSWY3DPEHPK3PXP' } }],
    ['an otpauth URI outside enrolment', { note: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP' }],
    ['a client secret', { clientSecret: 'abc' }],
    ["a remembered device's password", { remembered: true, deviceKey: 'us-east-1_x', devicePassword: 'abc' }],
  ])('withholds a result carrying %s', async (_name, result) => {
    const api = fakeAppApi();
    api.answers.listAccounts = () => result;
    const r = await dispatch(api, { method: 'listAccounts', args: [] });
    expectClearError(r);
    if (!r.ok) expect(r.error.code).toBe('internal');
  });

  it('lets metadata about secrets and the TOTP enrolment step through', async () => {
    const api = fakeAppApi();
    const enrol = { flowId: 'f1', step: { kind: 'mfa-setup', otpauthUri: 'otpauth://totp/Pool:alice?secret=JBSWY3DPEHPK3PXP', secret: 'JBSWY3DPEHPK3PXP' } };
    api.answers.signInAnswer = () => enrol;
    expect(await dispatch(api, { method: 'signInAnswer', args: ['f1', 'x'] })).toEqual({ ok: true, result: enrol });
    const view = {
      name: 'dev',
      hasClientSecret: true,
      session: { state: 'signed-in', refreshTokenExpiresAt: '2026-01-01T00:00:00Z', credentialsExpireAt: 'x', groups: [], roles: [], customAttributes: {} },
    };
    api.answers.getAccount = () => view;
    expect(await dispatch(api, { method: 'getAccount', args: ['dev'] })).toEqual({ ok: true, result: view });
  });

  it("lets the TOTP seed out only as startTotpEnrolment's own top-level result", async () => {
    const api = fakeAppApi();
    const enrolment = { otpauthUri: 'otpauth://totp/Cognito%20Broker:alice?secret=JBSWY3DPEHPK3PXP', secret: 'JBSWY3DPEHPK3PXP' };
    api.answers.startTotpEnrolment = () => enrolment;
    expect(await dispatch(api, { method: 'startTotpEnrolment', args: ['dev'] })).toEqual({ ok: true, result: enrolment });
    // The same shape from any other method is withheld.
    api.answers.getMfaStatus = () => enrolment;
    expectClearError(await dispatch(api, { method: 'getMfaStatus', args: ['dev'] }));
    // Anything else secret inside the enrolment result is still withheld, and so is a seed one level down.
    for (const result of [
      { ...enrolment, tokens: { refreshToken: 'x' } },
      { ...enrolment, note: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' },
      { wrapped: enrolment },
      [enrolment],
    ]) {
      api.answers.startTotpEnrolment = () => result;
      const r = await dispatch(api, { method: 'startTotpEnrolment', args: ['dev'] });
      expectClearError(r);
      if (!r.ok) expect(r.error.code).toBe('internal');
    }
  });

  it('passes typed passwords and codes inward unchanged (codes trimmed) and bounds them', async () => {
    const api = fakeAppApi();
    const calls: [string, unknown[]][] = [
      ['signUp', ['dev', { username: 'alice', password: 'S3cret pass!', email: 'a@example.com', attributes: { 'custom:tenant_id': 'acme' } }]],
      ['confirmSignUp', ['dev', 'alice', ' 123456 ']],
      ['confirmForgotPassword', ['dev', 'alice', '123456', 'New-Passw0rd!']],
      ['changePassword', ['dev', 'Old-Passw0rd!', 'New-Passw0rd!']],
      ['verifyTotpEnrolment', ['dev', '654321']],
      ['setPreferredMfa', ['dev', 'EMAIL_OTP']],
      ['addAccount', [account, 'client-secret-value']],
      ['updateAccount', ['dev', account, 'client-secret-value']],
      ['openConsole', ['dev', ROLE]],
    ];
    for (const [method, args] of calls) expect((await dispatch(api, { method, args })).ok, method).toBe(true);
    expect(api.calls.map((c) => c.args[1])).toEqual([
      { username: 'alice', password: 'S3cret pass!', email: 'a@example.com', attributes: { 'custom:tenant_id': 'acme' } },
      'alice',
      'alice',
      'Old-Passw0rd!',
      '654321',
      'EMAIL_OTP',
      'client-secret-value',
      expect.objectContaining({ name: 'dev' }),
      ROLE,
    ]);
    expect(api.calls[1]?.args[2]).toBe('123456');
    expect(api.calls[7]?.args[2]).toBe('client-secret-value');
    for (const [method, args] of [
      ['changePassword', ['dev', 'x'.repeat(257), 'y']],
      ['changePassword', ['dev', '', 'y']],
      ['verifyTotpEnrolment', ['dev', '12ab56']],
      ['confirmSignUp', ['dev', 'alice', '1'.repeat(65)]],
      ['openConsole', ['dev', 'not-an-arn']],
    ] as [string, unknown[]][]) {
      expectClearError(await dispatch(api, { method, args }));
    }
    expect(api.calls).toHaveLength(calls.length);
  });

  it('survives random and hostile payloads: never throws, always a clear error, never calls the core', async () => {
    const api = fakeAppApi();
    const hostileMethod = fc.oneof(
      fc.string(),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'valueOf', 'then', 'calls', 'answers', 'listAccounts ', 'LISTACCOUNTS'),
    );
    const payload = fc.oneof(
      fc.anything(),
      fc.record({ method: hostileMethod, args: fc.anything() }),
      // A real method with wrong arguments. Excluded: methods whose arguments may all be absent, and
      // importAccounts (any file content) and setSettings (an empty patch is valid).
      fc.record({
        method: fc.constantFrom(
          ...ALL_METHODS.filter((m) => !['listAccounts', 'listProfiles', 'getSettings', 'listActivity', 'importAccounts', 'setSettings'].includes(m)),
        ),
        args: fc.array(
          fc.oneof(fc.integer(), fc.constant(null), fc.object(), fc.string({ maxLength: 0 }), fc.constant('../x'), fc.constant({ __proto__: { name: 'dev' } })),
          { maxLength: 4 },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (request) => {
        const r = await dispatch(api, request);
        expectClearError(r);
      }),
      { numRuns: 3000 },
    );
    expect(api.calls).toHaveLength(0);
  });

  it('refuses prototype-polluting account input', async () => {
    const api = fakeAppApi();
    const polluted = JSON.parse(
      `{"name":"dev","region":"eu-west-1","userPoolId":"eu-west-1_AbC123","clientId":"abc","identityPoolId":"eu-west-1:1234abcd-1234","__proto__":{"admin":true}}`,
    );
    const r = await dispatch(api, { method: 'addAccount', args: [polluted] });
    expectClearError(r);
    expect(api.calls).toHaveLength(0);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
