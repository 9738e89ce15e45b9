import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { AwsError, type JsonObject } from './aws-json.js';
import { DeviceStore, withDeviceKeyClaim, type Device } from './device-store.js';
import { deviceOperations } from './device-operations.js';
import { srpChallenge, srpSessionKey, verifyPasswordClaim, type SrpChallenge } from './srp-server.js';
import { decodeJwtPayload } from './token-ledger.js';

/**
 * Cognito's remembered devices around the user-pool front's sign-ins (points 28-34 of the list at the top of
 * user-pool-front.ts; every rule cites its AWS page there). cognito-local keeps a pool's DeviceConfiguration
 * (Create/Update/DescribeUserPool) but does nothing with it, so this module:
 * - wraps InitiateAuth / RespondToAuthChallenge (`around`): it carries the DEVICE_KEY a client sent from
 *   challenge to challenge, refuses an unknown one where the password is proven, and turns the tokens a sign-in
 *   earned into NewDeviceMetadata (new device) or into the DEVICE_SRP_AUTH challenge (tracked device);
 * - answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER itself (the SRP of srp-server.ts with the device group
 *   key as the pool name, the device key as the user and the verifier ConfirmDevice stored);
 * - tells the front's MFA decision whether a remembered device stands in for the factor (`suppressesMfa`);
 * - checks DEVICE_KEY on REFRESH_TOKEN_AUTH / GetTokensFromRefreshToken;
 * - serves ConfirmDevice, UpdateDeviceStatus, GetDevice, ListDevices, ForgetDevice and their Admin forms.
 */
export interface DeviceConfiguration {
  ChallengeRequiredOnNewDevice?: boolean;
  DeviceOnlyRememberedOnUserPrompt?: boolean;
}

export interface DeviceTrackingDeps {
  /** A call to cognito-local itself (not counted, not faulted). */
  callLocal(op: string, body: JsonObject): Promise<JsonObject>;
  clientInfo(clientId: unknown): Promise<{ poolId: string; secret?: string }>;
  checkSecretHash(clientId: string, client: { secret?: string }, given: unknown, usernames: (string | undefined)[]): void;
  getUser(poolId: string, username: string): Promise<JsonObject | undefined>;
  sessionTtlSeconds(): number;
}

type Challenge = {
  clientId: string;
  username: string;
  device: Device;
  tokens: JsonObject;
  expiresAt: number;
} & ({ step: 'DEVICE_SRP_AUTH' } | { step: 'DEVICE_PASSWORD_VERIFIER'; srp: SrpChallenge; srpA: string; secretBlock: string });

/** A challenge before its expiry is stamped (Omit that keeps the union apart). */
type NewChallenge = Challenge extends infer C ? (C extends unknown ? Omit<C, 'expiresAt'> : never) : never;

const SESSION_EXPIRED = 'Invalid session for the user, session is expired.';
const NO_DEVICE = 'Device does not exist.';
const INVALID_REFRESH = 'Invalid Refresh Token';
const WRONG_PROOF = 'Incorrect username or password.';
/** The MFA factors a remembered device may stand in for: "SMS and TOTP" (DeviceConfigurationType). */
const SUPPRESSIBLE = new Set(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);

export class DeviceTracking {
  readonly store = new DeviceStore();
  /** The device key of the sign-in a request belongs to, for the front's MFA decision deep in its handlers. */
  private readonly context = new AsyncLocalStorage<{ deviceKey?: string }>();
  /** The front's challenge sessions → the DEVICE_KEY the client sent earlier in that sign-in. */
  private readonly sessionDevice = new Map<string, string>();
  private readonly challenges = new Map<string, Challenge>();
  /** Refresh token → the device of the sign-in it came from. */
  private readonly refreshDevice = new Map<string, string>();
  readonly operations: Record<string, (body: JsonObject) => Promise<JsonObject>>;

  constructor(private readonly deps: DeviceTrackingDeps) {
    this.operations = deviceOperations({ store: this.store, deps, configuration: (poolId) => this.configuration(poolId) });
  }

  /** The pool's DeviceConfiguration as cognito-local stores it; undefined when device tracking is off. */
  async configuration(poolId: string): Promise<DeviceConfiguration | undefined> {
    const pool = (await this.deps.callLocal('DescribeUserPool', { UserPoolId: poolId })).UserPool as JsonObject | undefined;
    const config = pool?.DeviceConfiguration as DeviceConfiguration | null | undefined;
    return config ?? undefined;
  }

  expireSessions(): void {
    for (const challenge of this.challenges.values()) challenge.expiresAt = 0;
  }

  /** Runs one of the front's operations with device tracking around it. */
  async around(op: string, body: JsonObject, next: () => Promise<JsonObject>): Promise<JsonObject> {
    const own = this.operations[op];
    if (own) return own(body);
    const flow = String(body.AuthFlow);
    if (op === 'GetTokensFromRefreshToken' || (op === 'InitiateAuth' && flow.startsWith('REFRESH_TOKEN'))) return this.refresh(op, body, next);
    if (op === 'RespondToAuthChallenge' && typeof body.Session === 'string' && this.challenges.has(body.Session)) return this.answer(body);
    if (op !== 'InitiateAuth' && op !== 'RespondToAuthChallenge') return next();

    const given = (op === 'InitiateAuth' ? body.AuthParameters : body.ChallengeResponses) as Record<string, unknown> | undefined;
    const session = typeof body.Session === 'string' ? body.Session : undefined;
    // A DEVICE_KEY in this request wins, even null: identity-js answers "Device does not exist." by sending
    // PASSWORD_VERIFIER again with DEVICE_KEY null, which must not fall back to the key of InitiateAuth.
    const sent = given && 'DEVICE_KEY' in given ? given.DEVICE_KEY : session !== undefined ? this.sessionDevice.get(session) : undefined;
    const deviceKey = typeof sent === 'string' && sent !== '' ? sent : undefined;
    if (deviceKey && (flow === 'USER_PASSWORD_AUTH' || body.ChallengeName === 'PASSWORD_VERIFIER')) {
      await this.requireTracked(body, deviceKey, String(given?.USERNAME ?? ''), session);
    }
    const answer = await this.context.run({ deviceKey }, next);
    if (typeof answer.Session === 'string' && deviceKey) this.sessionDevice.set(answer.Session, deviceKey);
    if (session !== undefined) this.sessionDevice.delete(session);
    return answer.AuthenticationResult ? this.finish(body, answer, deviceKey) : answer;
  }

  /** Whether the sign-in in progress skips the MFA factors it would be asked for (see point 32). */
  async suppressesMfa(poolId: string, username: string, factors: string[]): Promise<boolean> {
    const deviceKey = this.context.getStore()?.deviceKey;
    if (!deviceKey || factors.length === 0 || !factors.every((f) => SUPPRESSIBLE.has(f))) return false;
    if (!(await this.configuration(poolId))?.ChallengeRequiredOnNewDevice) return false;
    return this.store.tracked(deviceKey, poolId, username)?.remembered === true;
  }

  /**
   * AWS answers an unknown or forgotten DEVICE_KEY with ResourceNotFoundException "Device does not exist." where
   * the password is proven, before the challenge session is used: AWS's own clients then send the same
   * PASSWORD_VERIFIER again without the key (identity-js CognitoUser.authenticateUserDefaultAuth, Amplify v6
   * retryOnResourceNotFoundException).
   */
  private async requireTracked(body: JsonObject, deviceKey: string, name: string, session: string | undefined): Promise<void> {
    const client = await this.deps.clientInfo(body.ClientId);
    if (!(await this.configuration(client.poolId)) || name === '') return;
    const user = await this.deps.getUser(client.poolId, name);
    if (!user) return;
    if (this.store.tracked(deviceKey, client.poolId, String(user.Username))) return;
    if (session !== undefined) this.sessionDevice.delete(session);
    throw new AwsError('ResourceNotFoundException', NO_DEVICE);
  }

  /** Tokens earned: a tracked device must still prove itself; any other sign-in gets a new device. */
  private async finish(body: JsonObject, answer: JsonObject, deviceKey: string | undefined): Promise<JsonObject> {
    const result = answer.AuthenticationResult as JsonObject;
    const client = await this.deps.clientInfo(body.ClientId);
    if (!(await this.configuration(client.poolId))) return answer;
    const username = String(decodeJwtPayload(result.AccessToken)?.username ?? '');
    const device = this.store.tracked(deviceKey, client.poolId, username);
    if (device) {
      const session = this.newChallenge({ step: 'DEVICE_SRP_AUTH', clientId: String(body.ClientId), username, device, tokens: result });
      return { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: {}, Session: session };
    }
    const fresh = this.store.create(client.poolId, username);
    if (typeof result.RefreshToken === 'string') this.refreshDevice.set(result.RefreshToken, fresh.key);
    return {
      ...answer,
      AuthenticationResult: {
        ...result,
        AccessToken: withDeviceKeyClaim(result.AccessToken, fresh.key),
        NewDeviceMetadata: { DeviceKey: fresh.key, DeviceGroupKey: fresh.groupKey },
      },
    };
  }

  private newChallenge(challenge: NewChallenge): string {
    const id = randomBytes(96).toString('base64');
    this.challenges.set(id, { ...challenge, expiresAt: Date.now() + this.deps.sessionTtlSeconds() * 1000 } as Challenge);
    return id;
  }

  /** RespondToAuthChallenge DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER on one of this module's sessions. */
  private async answer(body: JsonObject): Promise<JsonObject> {
    const id = String(body.Session);
    const state = this.challenges.get(id)!;
    const clientId = String(body.ClientId ?? '');
    const client = await this.deps.clientInfo(body.ClientId);
    if (state.clientId !== clientId) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    if (Date.now() > state.expiresAt) {
      this.challenges.delete(id);
      throw new AwsError('NotAuthorizedException', SESSION_EXPIRED);
    }
    if (body.ChallengeName !== state.step)
      throw new AwsError('InvalidParameterException', `Invalid challenge name ${String(body.ChallengeName)} for this session.`);
    const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
    this.deps.checkSecretHash(clientId, client, responses.SECRET_HASH, [responses.USERNAME, state.username]);
    if (responses.USERNAME !== undefined && responses.USERNAME !== state.username) {
      const user = await this.deps.getUser(state.device.poolId, responses.USERNAME);
      if (user?.Username !== state.username) throw new AwsError('NotAuthorizedException', 'Invalid session for the user.');
    }
    if (responses.DEVICE_KEY !== state.device.key || !this.store.tracked(state.device.key, state.device.poolId, state.username))
      throw new AwsError('ResourceNotFoundException', NO_DEVICE);
    this.challenges.delete(id);

    if (state.step === 'DEVICE_SRP_AUTH') {
      if (!responses.SRP_A) throw new AwsError('InvalidParameterException', 'Missing required parameter SRP_A');
      const { device } = state;
      // A device confirmed without a verifier can never prove itself: a random one makes every proof fail.
      const saltHex = device.saltHex ?? randomBytes(16).toString('hex');
      const srp = srpChallenge(device.verifier ?? BigInt(`0x${randomBytes(64).toString('hex')}`), saltHex);
      const secretBlock = randomBytes(512).toString('base64');
      const session = this.newChallenge({
        clientId,
        username: state.username,
        device,
        tokens: state.tokens,
        step: 'DEVICE_PASSWORD_VERIFIER',
        srp,
        srpA: responses.SRP_A,
        secretBlock,
      });
      return {
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        ChallengeParameters: { SRP_B: srp.srpB, SALT: saltHex, SECRET_BLOCK: secretBlock, USERNAME: state.username },
        Session: session,
      };
    }

    const { PASSWORD_CLAIM_SIGNATURE: signature, PASSWORD_CLAIM_SECRET_BLOCK: block, TIMESTAMP: timestamp } = responses;
    if (!signature || !block || !timestamp)
      throw new AwsError('InvalidParameterException', 'Missing required parameter PASSWORD_CLAIM_SIGNATURE, PASSWORD_CLAIM_SECRET_BLOCK or TIMESTAMP');
    const key = block === state.secretBlock ? srpSessionKey(state.srp, state.srpA) : undefined;
    if (!key || !verifyPasswordClaim(key, state.device.groupKey, state.device.key, block, timestamp, signature))
      throw new AwsError('NotAuthorizedException', WRONG_PROOF);
    state.device.lastAuthenticated = Date.now();
    if (typeof state.tokens.RefreshToken === 'string') this.refreshDevice.set(state.tokens.RefreshToken, state.device.key);
    return { ChallengeParameters: {}, AuthenticationResult: { ...state.tokens, AccessToken: withDeviceKeyClaim(state.tokens.AccessToken, state.device.key) } };
  }

  /**
   * REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken of a sign-in on a tracked pool need that sign-in's device
   * key (DEVICE_KEY / DeviceKey) and a device ConfirmDevice confirmed; otherwise "Invalid Refresh Token" (point 34).
   */
  private async refresh(op: string, body: JsonObject, next: () => Promise<JsonObject>): Promise<JsonObject> {
    const params = (body.AuthParameters ?? {}) as Record<string, unknown>;
    const token = op === 'GetTokensFromRefreshToken' ? body.RefreshToken : params.REFRESH_TOKEN;
    const sent = op === 'GetTokensFromRefreshToken' ? body.DeviceKey : params.DEVICE_KEY;
    const deviceKey = typeof token === 'string' ? this.refreshDevice.get(token) : undefined;
    if (deviceKey === undefined) return next();
    const client = await this.deps.clientInfo(body.ClientId);
    if (await this.configuration(client.poolId)) {
      const device = this.store.get(deviceKey);
      if (sent !== deviceKey || !device?.confirmed) throw new AwsError('NotAuthorizedException', INVALID_REFRESH);
    }
    const answer = await next();
    const result = answer.AuthenticationResult as JsonObject | undefined;
    if (!result) return answer;
    if (typeof result.RefreshToken === 'string') this.refreshDevice.set(result.RefreshToken, deviceKey);
    return { ...answer, AuthenticationResult: { ...result, AccessToken: withDeviceKeyClaim(result.AccessToken, deviceKey) } };
  }
}

/** Pool settings cognito-local's UpdateUserPool would otherwise reset (it sets every one it is not given). */
const KEPT_POOL_SETTINGS = [
  'AccountRecoverySetting',
  'AdminCreateUserConfig',
  'AutoVerifiedAttributes',
  'EmailConfiguration',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'LambdaConfig',
  'MfaConfiguration',
  'Policies',
  'SmsAuthenticationMessage',
  'SmsConfiguration',
  'SmsVerificationMessage',
  'UserPoolAddOns',
  'UserPoolTags',
  'VerificationMessageTemplate',
];

/** For tests: a pool's DeviceConfiguration set (or removed) in cognito-local directly, every other setting kept. */
export async function setPoolDeviceConfiguration(cognitoLocalEndpoint: string, userPoolId: string, config: DeviceConfiguration | null): Promise<void> {
  const call = async (op: string, body: JsonObject): Promise<JsonObject> => {
    const res = await fetch(cognitoLocalEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
      body: JSON.stringify(body),
    });
    const parsed = (await res.json()) as JsonObject;
    if (!res.ok) throw new Error(`cognito-local ${op}: ${String(parsed.message ?? res.status)}`);
    return parsed;
  };
  const pool = (await call('DescribeUserPool', { UserPoolId: userPoolId })).UserPool as JsonObject;
  const kept = Object.fromEntries(KEPT_POOL_SETTINGS.filter((k) => pool[k] !== undefined).map((k) => [k, pool[k]]));
  await call('UpdateUserPool', { UserPoolId: userPoolId, ...kept, ...(config ? { DeviceConfiguration: config } : {}) });
}
