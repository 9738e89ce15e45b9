import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession, type IAuthenticationCallback } from 'amazon-cognito-identity-js';
import { startBackend, type Backend } from './backend.js';
import { seedWorld, type SeededUser, type World } from './seed.js';
import { decodeJwtPayload } from './token-ledger.js';
import { MapStorage } from '../support/map-storage.js';

/**
 * The oracle for the backend's remembered devices: AWS's own amazon-cognito-identity-js signs in against it,
 * confirms the device itself (ConfirmDevice with a verifier it made), remembers it, signs in again through
 * DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER without the SMS code, and forgets it. Where the backend and this
 * client disagree, the backend is wrong.
 */
let backend: Backend;
let world: World;

beforeAll(async () => {
  backend = await startBackend();
  // User opt-in (UserConfirmationNecessary) and a remembered device standing in for the SMS factor.
  world = await seedWorld(backend, { deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } });
});

afterAll(async () => {
  await backend?.stop();
});

interface SignedIn {
  session: CognitoUserSession;
  userConfirmationNecessary: boolean;
  askedForSms: boolean;
  cognitoUser: CognitoUser;
}

function userOf(storage: MapStorage, username: string): CognitoUser {
  const pool = new CognitoUserPool({ UserPoolId: world.userPoolId, ClientId: world.clientId, endpoint: backend.userPoolEndpoint, Storage: storage });
  return new CognitoUser({ Username: username, Pool: pool, Storage: storage });
}

/** authenticateUser (SRP), answering the SMS code when asked. */
function signIn(storage: MapStorage, user: SeededUser): Promise<SignedIn> {
  const cognitoUser = userOf(storage, user.username);
  let askedForSms = false;
  return new Promise((resolve, reject) => {
    const callbacks: IAuthenticationCallback = {
      onSuccess: (session, userConfirmationNecessary) =>
        resolve({ session, userConfirmationNecessary: userConfirmationNecessary === true, askedForSms, cognitoUser }),
      onFailure: reject,
      mfaRequired: () => {
        askedForSms = true;
        cognitoUser.sendMFACode(backend.code, callbacks);
      },
      totpRequired: () => reject(new Error('unexpected TOTP challenge')),
    };
    cognitoUser.authenticateUser(new AuthenticationDetails({ Username: user.username, Password: user.password }), callbacks);
  });
}

function call(fn: (cb: { onSuccess: (r: unknown) => void; onFailure: (e: Error) => void }) => void): Promise<unknown> {
  return new Promise((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject }));
}

describe('amazon-cognito-identity-js remembers a device on the backend', () => {
  it('confirms, remembers, signs in by device SRP without the SMS code, and forgets', async () => {
    const user = await world.smsUser();
    const storage = new MapStorage();

    backend.resetCounts();
    const first = await signIn(storage, user);
    expect(first.askedForSms).toBe(true);
    // identity-js confirmed the NewDeviceMetadata itself; the pool asks the user (DeviceOnlyRememberedOnUserPrompt).
    expect(backend.counts.userPool.get('ConfirmDevice')).toBe(1);
    expect(first.userConfirmationNecessary).toBe(true);
    const deviceKey = [...storage.items].find(([k]) => k.endsWith('.deviceKey'))?.[1];
    expect(deviceKey).toMatch(new RegExp(`^${backend.region}_[0-9a-f-]{36}$`));
    expect(decodeJwtPayload(first.session.getAccessToken().getJwtToken())?.device_key).toBe(deviceKey);

    await call((cb) => first.cognitoUser.setDeviceStatusRemembered(cb));
    const device = (await call((cb) => first.cognitoUser.getDevice(cb))) as {
      Device: { DeviceKey: string; DeviceAttributes: { Name: string; Value: string }[] };
    };
    expect(device.Device.DeviceKey).toBe(deviceKey);
    expect(device.Device.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'remembered' });
    const listed = (await call((cb) => first.cognitoUser.listDevices(10, null, cb))) as { Devices: { DeviceKey: string }[] };
    expect(listed.Devices.map((d) => d.DeviceKey)).toEqual([deviceKey]);

    // Same storage, a new CognitoUser: password, then DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER, no SMS code.
    const stale = storage.copy();
    backend.resetCounts();
    const second = await signIn(storage, user);
    expect(second.askedForSms).toBe(false);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SMS_MFA')).toBe(0);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_SRP_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER')).toBe(1);
    expect(backend.counts.userPool.get('ConfirmDevice')).toBe(0);
    expect(decodeJwtPayload(second.session.getAccessToken().getJwtToken())?.device_key).toBe(deviceKey);

    // The refresh identity-js makes sends the device key, which the tracked pool requires.
    const refreshed = (await call((cb) =>
      second.cognitoUser.refreshSession(second.session.getRefreshToken(), (err: Error | null, s: CognitoUserSession) =>
        err ? cb.onFailure(err) : cb.onSuccess(s),
      ),
    )) as CognitoUserSession;
    expect(decodeJwtPayload(refreshed.getAccessToken().getJwtToken())?.device_key).toBe(deviceKey);

    await call((cb) => second.cognitoUser.forgetDevice(cb));
    expect(backend.counts.userPool.get('ForgetDevice')).toBe(1);
    expect([...storage.items.keys()].some((k) => k.endsWith('.deviceKey'))).toBe(false);

    // A copy of the storage that still holds the forgotten key: AWS's "Device does not exist." makes identity-js
    // drop the key and answer PASSWORD_VERIFIER again; the sign-in is then a new device's, with the SMS code.
    backend.resetCounts();
    const afterForget = await signIn(stale, user);
    expect(afterForget.askedForSms).toBe(true);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:PASSWORD_VERIFIER')).toBe(2);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_SRP_AUTH')).toBe(0);
    const newKey = [...stale.items].find(([k]) => k.endsWith('.deviceKey'))?.[1];
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(deviceKey);
  });
});
