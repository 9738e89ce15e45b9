import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry, PasskeyView, SignInProgress } from '../../../main/contract/app-api.js';
import type { CallResponse } from '../../../main/contract/transport.js';
import type { AppService } from '../../../main/core/app/app-service.js';
import { keyringStore } from '../../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { appAccountInput, appCallError, appCaller, appSandbox, closeAppSandbox } from '../../support/app-harness.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';

/**
 * The window's Passkeys section through dispatch(), as the window calls it: listPasskeys (every page of
 * ListWebAuthnCredentials) and deletePasskey with the signed-in session's access token, on the real backend
 * and the real keychain. Responses carry ids, names and dates only.
 */
let backend: Backend;
let world: World;
let dir: string;
let home: string;
let service: AppService;
let user: SeededUser;
let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
const responses: CallResponse[] = [];
const RP = 'auth.example.com';

const call = appCaller(() => service, responses);

const callError = appCallError(() => service, responses);

beforeAll(async () => {
  keychain = await usePrivateKeychain();
  backend = await startBackend();
  world = await seedWorld(backend, { firstFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] });
  await backend
    .userPoolClient()
    .send(new SetUserPoolMfaConfigCommand({ UserPoolId: world.userPoolId, WebAuthnConfiguration: { RelyingPartyId: RP, UserVerification: 'preferred' } }));
  user = await world.plainUser(['developers'], { email: 'passkeys-app@example.com' });
  ({ dir, home, service } = await appSandbox('cb-app-passkeys-', { open: () => Promise.resolve(false) }));
  await call('addAccount', appAccountInput('keys', world, { username: user.username }));
});

afterAll(async () => {
  await closeAppSandbox({ dir, home, service }, ['keys']);
  await backend?.stop();
  await keychain?.restore();
});

describe('passkeys in the app', () => {
  it('needs a signed-in session', async () => {
    expect((await callError('listPasskeys', 'keys'))?.code).toBe('not-signed-in');
  });

  it('lists every passkey across pages, deletes one and answers the rest, refuses an unknown id, logs the deletion', async () => {
    const start = await call<SignInProgress>('signInStart', 'keys', user.username);
    const done = await call<SignInProgress>('signInAnswer', start.flowId, user.password);
    expect(done.step.kind).toBe('done');
    expect(await call<PasskeyView[]>('listPasskeys', 'keys')).toEqual([]);

    // More than one page of ListWebAuthnCredentials (at most 20 a page).
    for (let i = 0; i < 23; i++) await backend.addPasskey(world.userPoolId, user.username, { friendlyName: `Key ${i}`, attachment: 'platform' });
    const all = await call<PasskeyView[]>('listPasskeys', 'keys');
    expect(all).toHaveLength(23);
    expect(new Set(all.map((p) => p.credentialId)).size).toBe(23);
    expect(all[0]).toEqual({
      credentialId: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      friendlyName: expect.stringMatching(/^Key \d+$/),
      relyingPartyId: RP,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      authenticatorAttachment: 'platform',
    });

    const victim = all[5]!;
    const rest = await call<PasskeyView[]>('deletePasskey', 'keys', victim.credentialId);
    expect(rest).toHaveLength(22);
    expect(rest.some((p) => p.credentialId === victim.credentialId)).toBe(false);

    const unknown = await callError('deletePasskey', 'keys', victim.credentialId);
    expect(unknown).toMatchObject({ code: 'invalid-argument', message: 'This user has no passkey with that id.' });
    const malformed = await callError('deletePasskey', 'keys', 'not a valid id!');
    expect(malformed?.code).toBe('invalid-argument');

    const log = await call<ActivityEntry[]>('listActivity', 100);
    expect(log.some((e) => e.message === 'Deleted a passkey of keys.')).toBe(true);
    expect(log.some((e) => e.kind === 'sign-in-failed' && /Deleting a passkey of keys failed: This user has no passkey with that id\./.test(e.message))).toBe(
      true,
    );

    // Nothing the window received carries a token.
    const store = keyringStore(home);
    const session = JSON.parse((await store.get(secretKeys.session('keys'))) ?? '{}') as { accessToken?: string };
    expect(session.accessToken).toBeTruthy();
    expect(JSON.stringify(responses)).not.toContain(session.accessToken);
  });
});
