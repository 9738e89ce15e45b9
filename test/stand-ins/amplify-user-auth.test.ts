import { Amplify } from 'aws-amplify';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignIn, deleteWebAuthnCredential, fetchAuthSession, listWebAuthnCredentials, signIn, signOut } from 'aws-amplify/auth';
import { startBackend, type Backend } from './backend.js';
import { seedWorld, type World } from './seed.js';

/**
 * The oracle for the backend's choice-based sign-in: AWS's own Amplify JS v6 client (`signIn` with
 * `authFlowType: 'USER_AUTH'`, then `confirmSignIn`) against the backend's user-pool endpoint. If Amplify
 * completes PASSWORD_SRP and an e-mail code, and shows SELECT_CHALLENGE's choices, the backend speaks what AWS's
 * clients expect, not only what the broker expects. In Node Amplify keeps its tokens in memory.
 */
let backend: Backend;
let world: World;

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend, { firstFactors: ['PASSWORD', 'EMAIL_OTP'] });
  // Amplify's documented endpoint override for the user pool (a FIPS, PrivateLink or proxy endpoint).
  Amplify.configure({ Auth: { Cognito: { userPoolId: world.userPoolId, userPoolClientId: world.clientId, userPoolEndpoint: backend.userPoolEndpoint } } });
});

afterEach(async () => {
  await signOut().catch(() => undefined);
});

afterAll(async () => {
  await backend?.stop();
});

async function signedInAs(): Promise<string | undefined> {
  const { tokens } = await fetchAuthSession();
  return tokens?.accessToken.payload.username as string | undefined;
}

describe('Amplify JS v6 signs in with USER_AUTH against the backend', () => {
  it('(a) PASSWORD_SRP as the preferred challenge', async () => {
    const user = await world.plainUser();
    backend.resetCounts();
    const result = await signIn({
      username: user.username,
      password: user.password,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' },
    });
    expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(await signedInAs()).toBe(user.username);
    expect(backend.counts.userPool.get('InitiateAuth:USER_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:PASSWORD_VERIFIER')).toBe(1);
  });

  it('(b) an e-mail code: the masked destination, then the code', async () => {
    const user = await world.passwordlessUser(undefined, { email: 'amplify.user@example.com' });
    const first = await signIn({ username: user.username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    expect(first.isSignedIn).toBe(false);
    expect(first.nextStep).toEqual({
      signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
      codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'a***@e***' },
    });
    const done = await confirmSignIn({ challengeResponse: backend.code });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(await signedInAs()).toBe(user.username);
  });

  it('(b) a wrong code is refused and the same sign-in still takes the right one', async () => {
    const user = await world.passwordlessUser();
    await signIn({ username: user.username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    await expect(confirmSignIn({ challengeResponse: '000000' })).rejects.toMatchObject({ name: 'CodeMismatchException' });
    const done = await confirmSignIn({ challengeResponse: backend.code });
    expect(done.isSignedIn).toBe(true);
  });

  it('(c) SELECT_CHALLENGE shows the choices, and a chosen e-mail code completes', async () => {
    const user = await world.plainUser(undefined, { email: `choose${Date.now()}@example.com` });
    const first = await signIn({ username: user.username, options: { authFlowType: 'USER_AUTH' } });
    expect(first.nextStep).toEqual({
      signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
      availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'],
    });
    const code = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    expect(code.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const done = await confirmSignIn({ challengeResponse: backend.code });
    expect(done.isSignedIn).toBe(true);
    expect(await signedInAs()).toBe(user.username);
  });

  it("lists the signed-in user's passkeys page by page and deletes one, as Amplify reads them", async () => {
    await backend
      .userPoolClient()
      .send(new SetUserPoolMfaConfigCommand({ UserPoolId: world.userPoolId, WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com' } }));
    const user = await world.plainUser();
    const laptop = await backend.addPasskey(world.userPoolId, user.username, { friendlyName: 'Laptop', attachment: 'platform' });
    const key = await backend.addPasskey(world.userPoolId, user.username, { friendlyName: 'Key', transports: ['usb'] });
    await signIn({ username: user.username, password: user.password, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' } });
    const first = await listWebAuthnCredentials({ pageSize: 1 });
    expect(first.credentials).toEqual([
      {
        credentialId: laptop.credentialId,
        friendlyCredentialName: 'Laptop',
        relyingPartyId: 'auth.example.com',
        authenticatorAttachment: 'platform',
        authenticatorTransports: ['internal'],
        createdAt: laptop.createdAt,
      },
    ]);
    const second = await listWebAuthnCredentials({ pageSize: 1, nextToken: first.nextToken });
    expect(second.credentials.map((c) => c.credentialId)).toEqual([key.credentialId]);
    expect(second.nextToken).toBeUndefined();
    await deleteWebAuthnCredential({ credentialId: laptop.credentialId });
    expect((await listWebAuthnCredentials()).credentials.map((c) => c.credentialId)).toEqual([key.credentialId]);
  });

  it('(c) SELECT_CHALLENGE → PASSWORD_SRP: Amplify asks for the password and completes SRP', async () => {
    const user = await world.plainUser();
    const first = await signIn({ username: user.username, options: { authFlowType: 'USER_AUTH' } });
    expect(first.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
    const ask = await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' });
    expect(ask.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
    backend.resetCounts();
    const done = await confirmSignIn({ challengeResponse: user.password });
    expect(done.isSignedIn).toBe(true);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SELECT_CHALLENGE')).toBe(1);
    expect(await signedInAs()).toBe(user.username);
  });
});
