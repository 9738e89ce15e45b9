import { AdminGetUserCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { authenticator } from 'otplib';
import { confirmSignUp, resendConfirmationCode, signUp } from '../../../main/core/self-service/sign-up.js';
import { changePassword, confirmForgotPassword, forgotPassword } from '../../../main/core/self-service/password.js';
import { beginTotpEnrolment, completeTotpEnrolment, getMfaStatus, setMfaPreference } from '../../../main/core/self-service/mfa.js';
import { startUserPool, FIXED_CODE, REGION, type UserPoolFixture } from '../../stand-ins/user-pool-fixture.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { rejection } from '../../support/rejection.js';

/** Self-service against a real user pool (cognito-local, every code fixed to FIXED_CODE). */
let pool: UserPoolFixture;
let account: { name: string; region: string; clientId: string; endpoints: { cognitoIdentityProvider: string } };
let userClient: CognitoIdentityProviderClient;
const env = {};

beforeAll(async () => {
  pool = await startUserPool();
  account = { name: 'self', region: REGION, clientId: pool.clientId, endpoints: { cognitoIdentityProvider: pool.endpoint } };
  userClient = new CognitoIdentityProviderClient({ region: REGION, endpoint: pool.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});

afterAll(async () => {
  userClient?.destroy();
  await pool?.stop();
});

async function passwordSignIn(username: string, password: string) {
  return userClient.send(
    new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
}

async function accessToken(username: string, password: string): Promise<string> {
  const out = await passwordSignIn(username, password);
  expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
  return out.AuthenticationResult!.AccessToken!;
}

async function userStatus(username: string): Promise<string | undefined> {
  return (await pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }))).UserStatus;
}

describe('sign-up with a confirmation code', () => {
  it('signs up, refuses a wrong code, confirms with the right one, and the new user can sign in', async () => {
    const result = await signUp(account, { username: 'newbie', password: 'Newbie-Passw0rd', attributes: { email: 'newbie@example.com' } }, { env });
    expect(result.confirmed).toBe(false);
    expect(result.userSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(await userStatus('newbie')).toBe('UNCONFIRMED');

    const wrong = await rejection(confirmSignUp(account, { username: 'newbie', code: '000000' }, { env }));
    expect(wrong.code).toBe('code-mismatch');
    expect(wrong.describe()).toBe('That code is not right.\nCheck the code in the message and try again.');

    await confirmSignUp(account, { username: 'newbie', code: FIXED_CODE }, { env });
    expect(await userStatus('newbie')).toBe('CONFIRMED');
    expect((await passwordSignIn('newbie', 'Newbie-Passw0rd')).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('names a request the emulator lacks (cognito-local has no ResendConfirmationCode) instead of blaming the sign-in flow', async () => {
    await signUp(account, { username: 'resender', password: 'Resender-Passw0rd' }, { env });
    const error = await rejection(resendConfirmationCode(account, 'resender', { env }));
    expect(error.code).toBe('config-invalid');
    expect(error.message).toBe(`The user pool at ${pool.endpoint} does not support this request (resend-code).`);
  });

  it('says so when the name is taken', async () => {
    await pool.createUser('taken', 'Taken-Passw0rd');
    const error = await rejection(signUp(account, { username: 'taken', password: 'Other-Passw0rd' }, { env }));
    expect(error.code).toBe('account-exists');
    expect(error.message).toBe('A user with this name already exists in the user pool.');
  });

  it('names an unreachable user pool as a network problem', async () => {
    const dead = { ...account, endpoints: { cognitoIdentityProvider: 'http://127.0.0.1:9' } };
    const error = await rejection(signUp(dead, { username: 'nobody', password: 'Nobody-Passw0rd' }, { env }));
    expect(error.code).toBe('network');
    expect(error.message).toContain('http://127.0.0.1:9');
  });
});

describe('forgot password and change password', () => {
  it('resets a forgotten password with the code, refusing a wrong code first', async () => {
    await pool.createUser('forgetful', 'Forgetful-Passw0rd', { email: 'forgetful@example.com', email_verified: 'true' });
    await forgotPassword(account, 'forgetful', { env });

    const wrong = await rejection(confirmForgotPassword(account, { username: 'forgetful', code: '999999', newPassword: 'Remembered-Passw0rd' }, { env }));
    expect(wrong.code).toBe('code-mismatch');

    await confirmForgotPassword(account, { username: 'forgetful', code: FIXED_CODE, newPassword: 'Remembered-Passw0rd' }, { env });
    expect((await passwordSignIn('forgetful', 'Remembered-Passw0rd')).AuthenticationResult?.IdToken).toBeTruthy();
    await expect(passwordSignIn('forgetful', 'Forgetful-Passw0rd')).rejects.toThrow();
  });

  it('changes the password with an access token, refusing a wrong current password', async () => {
    await pool.createUser('changer', 'Changer-Passw0rd');
    const token = await accessToken('changer', 'Changer-Passw0rd');

    const wrong = await rejection(
      changePassword(account, { accessToken: token, previousPassword: 'Not-The-Passw0rd', proposedPassword: 'Changed-Passw0rd' }, { env }),
    );
    expect(wrong.code).toBe('wrong-password');
    expect(wrong.message).toBe('The current password is not right.');
    expect(wrong.message).not.toContain('Changed-Passw0rd');

    await changePassword(account, { accessToken: token, previousPassword: 'Changer-Passw0rd', proposedPassword: 'Changed-Passw0rd' }, { env });
    expect((await passwordSignIn('changer', 'Changed-Passw0rd')).AuthenticationResult?.IdToken).toBeTruthy();
  });
});

describe('MFA management', () => {
  it('enrols TOTP, makes it preferred, requires it at sign-in, and turns it off again', async () => {
    await pool.createUser('mfa-user', 'Mfa-User-Passw0rd');
    const token = await accessToken('mfa-user', 'Mfa-User-Passw0rd');
    expect(await getMfaStatus(account, token, { env })).toEqual({ username: 'mfa-user', enabled: [] });

    const enrolment = await beginTotpEnrolment(account, { accessToken: token, label: 'mfa-user' }, { env });
    expect(enrolment.secret).toMatch(/^[A-Z2-7]+=*$/);
    const uri = new URL(enrolment.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Cognito Broker:mfa-user');
    expect(uri.searchParams.get('issuer')).toBe('Cognito Broker');
    expect(uri.searchParams.get('secret')).toBe(enrolment.secret);

    const wrong = await rejection(completeTotpEnrolment(account, { accessToken: token, code: '000000' }, { env }));
    expect(wrong.code).toBe('code-mismatch');
    expect(wrong.describe()).not.toContain(enrolment.secret);

    await completeTotpEnrolment(account, { accessToken: token, code: authenticator.generate(enrolment.secret), deviceName: 'phone' }, { env });
    expect(await getMfaStatus(account, token, { env })).toEqual({ username: 'mfa-user', enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
    expect((await passwordSignIn('mfa-user', 'Mfa-User-Passw0rd')).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');

    await setMfaPreference(account, token, { totp: { enabled: false } }, { env });
    expect(await getMfaStatus(account, token, { env })).toEqual({ username: 'mfa-user', enabled: [] });
    expect((await passwordSignIn('mfa-user', 'Mfa-User-Passw0rd')).AuthenticationResult?.IdToken).toBeTruthy();

    // Back on, enabled but not preferred, then preferred: the preferred factor is the person's choice.
    await setMfaPreference(account, token, { totp: { enabled: true, preferred: false } }, { env });
    expect(await getMfaStatus(account, token, { env })).toEqual({ username: 'mfa-user', enabled: ['SOFTWARE_TOKEN_MFA'] });
    await setMfaPreference(account, token, { totp: { enabled: true, preferred: true } }, { env });
    expect((await getMfaStatus(account, token, { env })).preferred).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('refuses to prefer a factor that is not set up, and refuses an empty change', async () => {
    await pool.createUser('sms-less', 'Sms-Less-Passw0rd');
    const token = await accessToken('sms-less', 'Sms-Less-Passw0rd');
    const notSetUp = await rejection(setMfaPreference(account, token, { totp: { enabled: true, preferred: true } }, { env }));
    expect(notSetUp.code).toBe('invalid-argument');
    expect(notSetUp.message).toBe('That factor is not set up for this user yet.');
    const empty = await rejection(setMfaPreference(account, token, {}, { env }));
    expect(empty.code).toBe('invalid-argument');
  });
});

describe('forgot password through an app client with a secret (the test backend checks SECRET_HASH like AWS)', () => {
  let backend: Backend;
  let world: World;
  let secretAccount: { name: string; region: string; clientId: string; endpoints: { cognitoIdentityProvider: string } };

  beforeAll(async () => {
    backend = await startBackend();
    world = await seedWorld(backend);
    secretAccount = {
      name: 'confidential',
      region: backend.region,
      clientId: world.secretClientId,
      endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint },
    };
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('sends the code and resets the password with SECRET_HASH; refuses without the secret or with a wrong one', async () => {
    const user = await world.plainUser(undefined, { email: 'secret.reset@example.org' });
    const clientSecret = world.clientSecret;
    expect(await forgotPassword(secretAccount, user.username, { env, clientSecret })).toEqual({
      medium: 'EMAIL',
      destination: 's***@e***',
      attribute: 'email',
    });

    const noSecret = await rejection(forgotPassword(secretAccount, user.username, { env }));
    expect(noSecret.code).toBe('auth-failed');
    expect(noSecret.message).toBe('The app client of account confidential expects a client secret that is missing or not right.');
    const wrongSecret = await rejection(forgotPassword(secretAccount, user.username, { env, clientSecret: 'not-the-client-secret' }));
    expect(wrongSecret.message).toBe(noSecret.message);
    expect(wrongSecret.describe()).not.toContain('not-the-client-secret');

    const wrongCode = await rejection(
      confirmForgotPassword(secretAccount, { username: user.username, code: '000000', newPassword: 'Secret-Reset-Passw0rd!' }, { env, clientSecret }),
    );
    expect(wrongCode.code).toBe('code-mismatch');
    await confirmForgotPassword(secretAccount, { username: user.username, code: backend.code, newPassword: 'Secret-Reset-Passw0rd!' }, { env, clientSecret });
    const hash = (await import('../../stand-ins/srp-server.js')).secretHash(clientSecret, user.username, world.secretClientId);
    const signedIn = await backend.userPoolClient().send(
      new InitiateAuthCommand({
        ClientId: world.secretClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: user.username, PASSWORD: 'Secret-Reset-Passw0rd!', SECRET_HASH: hash },
      }),
    );
    expect(signedIn.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('names a user with no verified e-mail or phone (AWS refuses the reset) instead of blaming the user pool', async () => {
    const noContact = await world.plainUser();
    const error = await rejection(forgotPassword(secretAccount, noContact.username, { env, clientSecret: world.clientSecret }));
    expect(error.code).toBe('invalid-argument');
    expect(error.describe()).toBe(
      'Cognito cannot send a reset code: this user has no verified e-mail address or phone number.\nAsk the user pool administrator to reset the password.',
    );
  });
});
