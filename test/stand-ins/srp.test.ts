import { InitiateAuthCommand, RespondToAuthChallengeCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as cognitoJs from 'amazon-cognito-identity-js';
import { createSecretHash, createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from 'cognito-srp-helper';
import { startBackend, type Backend } from './backend.js';
import { seedWorld, type SeededUser, type World } from './seed.js';
import { padHex, poolNameOf, secretHash, SRP_K, SRP_N } from './srp-server.js';

/**
 * The front's SRP verifier, checked with two independent client implementations: AWS's own
 * amazon-cognito-identity-js (its AuthenticationHelper is the reference arithmetic, used here as the oracle)
 * and cognito-srp-helper. Right password → tokens; wrong password → NotAuthorizedException.
 */

interface BigIntegerLike {
  toString(radix: number): string;
}
interface AuthenticationHelperLike {
  N: BigIntegerLike;
  k: BigIntegerLike;
  getLargeAValue(cb: (err: unknown, a: BigIntegerLike) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, B: BigIntegerLike, salt: BigIntegerLike, cb: (err: unknown, key: Uint8Array) => void): void;
}
const AuthenticationHelper = (cognitoJs as unknown as { AuthenticationHelper: new (poolName: string) => AuthenticationHelperLike }).AuthenticationHelper;
const DateHelper = (cognitoJs as unknown as { DateHelper: new () => { getNowString(): string } }).DateHelper;

let backend: Backend;
let world: World;
let user: SeededUser;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  user = await world.plainUser(['developers']);
  idp = backend.userPoolClient();
});

afterAll(async () => {
  await backend?.stop();
});

/** SRP sign-in whose arithmetic is done entirely by AWS's AuthenticationHelper. */
async function oracleSignIn(username: string, password: string, clientId: string, clientSecret?: string, w: World = world) {
  const helper = new AuthenticationHelper(poolNameOf(w.userPoolId));
  const A = await new Promise<BigIntegerLike>((resolve, reject) => helper.getLargeAValue((err, a) => (err ? reject(err) : resolve(a))));
  const hash = (name: string): Record<string, string> => (clientSecret ? { SECRET_HASH: secretHash(clientSecret, name, clientId) } : {});
  const init = await idp.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, SRP_A: A.toString(16), ...hash(username) },
    }),
  );
  expect(init.ChallengeName).toBe('PASSWORD_VERIFIER');
  const params = init.ChallengeParameters!;
  const BigInteger = helper.N.constructor as new (hex: string, radix: number) => BigIntegerLike;
  const key = await new Promise<Uint8Array>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(params.USER_ID_FOR_SRP!, password, new BigInteger(params.SRP_B!, 16), new BigInteger(params.SALT!, 16), (err, k) =>
      err ? reject(err) : resolve(k),
    ),
  );
  const timestamp = new DateHelper().getNowString();
  const { createHmac } = await import('node:crypto');
  const signature = createHmac('sha256', Buffer.from(key))
    .update(
      Buffer.concat([
        Buffer.from(poolNameOf(w.userPoolId)),
        Buffer.from(params.USER_ID_FOR_SRP!),
        Buffer.from(params.SECRET_BLOCK!, 'base64'),
        Buffer.from(timestamp),
      ]),
    )
    .digest('base64');
  return idp.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: init.Session,
      ChallengeResponses: {
        USERNAME: params.USER_ID_FOR_SRP!,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
        ...hash(params.USER_ID_FOR_SRP!),
      },
    }),
  );
}

async function helperSignIn(username: string, password: string, clientId: string, clientSecret?: string) {
  const session = createSrpSession(username, password, world.userPoolId, false);
  const hash: Record<string, string> = clientSecret ? { SECRET_HASH: createSecretHash(username, clientId, clientSecret) } : {};
  const init = await idp.send(
    new InitiateAuthCommand(
      wrapInitiateAuth(session, { ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { CHALLENGE_NAME: 'SRP_A', USERNAME: username, ...hash } }),
    ),
  );
  const signed = signSrpSession(session, init);
  return idp.send(
    new RespondToAuthChallengeCommand(
      wrapAuthChallenge(signed, { ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: { USERNAME: username, ...hash } }),
    ),
  );
}

describe('SRP group constants', () => {
  it('k = H(N | g) equals the reference implementation', () => {
    const helper = new AuthenticationHelper('x');
    expect(BigInt(`0x${helper.k.toString(16)}`)).toBe(SRP_K);
    expect(BigInt(`0x${helper.N.toString(16)}`)).toBe(SRP_N);
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0x7fn)).toBe('7f');
  });
});

describe.each([
  ['amazon-cognito-identity-js AuthenticationHelper (oracle)', oracleSignIn],
  ['cognito-srp-helper', helperSignIn],
])('USER_SRP_AUTH with %s', (_name, signIn) => {
  it('right password, client without secret → tokens', async () => {
    const result = await signIn(user.username, user.password, world.clientId);
    expect(result.AuthenticationResult?.IdToken).toMatch(/^ey/);
    expect(result.AuthenticationResult?.RefreshToken).toBeTruthy();
  });

  it('wrong password, client without secret → NotAuthorizedException', async () => {
    await expect(signIn(user.username, `${user.password}x`, world.clientId)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('right password, client with secret → tokens', async () => {
    const result = await signIn(user.username, user.password, world.secretClientId, world.clientSecret);
    expect(result.AuthenticationResult?.AccessToken).toMatch(/^ey/);
  });

  it('wrong password, client with secret → NotAuthorizedException', async () => {
    await expect(signIn(user.username, 'not-the-password', world.secretClientId, world.clientSecret)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('SECRET_HASH', () => {
  it('missing on a client with a secret → NotAuthorizedException naming the client', async () => {
    await expect(oracleSignIn(user.username, user.password, world.secretClientId)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Client ${world.secretClientId} is configured with secret but SECRET_HASH was not received`,
    });
  });

  it('made with the wrong secret → NotAuthorizedException', async () => {
    await expect(helperSignIn(user.username, user.password, world.secretClientId, 'wrong-secret')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${world.secretClientId}`,
    });
  });
});

describe('a pool that signs in with the e-mail address', () => {
  it('answers with USER_ID_FOR_SRP = the internal user name, which the proof must use; groups still give role claims', async () => {
    const emailPool = await seedWorld(backend, { usernameAttributes: ['email'] });
    const bob = await emailPool.createUser({ username: 'bob@example.com', groups: ['developers'] });
    const init = await idp.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: emailPool.clientId, AuthParameters: { USERNAME: 'bob@example.com', SRP_A: 'abcdef' } }),
    );
    expect(init.ChallengeParameters?.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/);
    const result = await oracleSignIn('bob@example.com', bob.password, emailPool.clientId, undefined, emailPool);
    const claims = JSON.parse(Buffer.from(result.AuthenticationResult!.IdToken!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims.email).toBe('bob@example.com');
    expect(claims['cognito:roles']).toEqual(['arn:aws:iam::123456789012:role/BrokerDeveloper']);
    await expect(oracleSignIn('bob@example.com', 'Wrong-Passw0rd!', emailPool.clientId, undefined, emailPool)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect(
      (await oracleSignIn('bob@example.com', bob.password, emailPool.secretClientId, emailPool.clientSecret, emailPool)).AuthenticationResult?.IdToken,
    ).toBeTruthy();
  });

  it('with a client secret, a PASSWORD_VERIFIER hash over the typed e-mail instead of USER_ID_FOR_SRP is refused', async () => {
    const emailPool = await seedWorld(backend, { usernameAttributes: ['email'] });
    const carol = await emailPool.createUser({ username: 'carol@example.com' });
    const session = createSrpSession('carol@example.com', carol.password, emailPool.userPoolId, false);
    const hash = createSecretHash('carol@example.com', emailPool.secretClientId, emailPool.clientSecret);
    const init = await idp.send(
      new InitiateAuthCommand(
        wrapInitiateAuth(session, {
          ClientId: emailPool.secretClientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { CHALLENGE_NAME: 'SRP_A', USERNAME: 'carol@example.com', SECRET_HASH: hash },
        }),
      ),
    );
    await expect(
      idp.send(
        new RespondToAuthChallengeCommand(
          wrapAuthChallenge(signSrpSession(session, init), {
            ClientId: emailPool.secretClientId,
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeResponses: { USERNAME: 'carol@example.com', SECRET_HASH: hash },
          }),
        ),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${emailPool.secretClientId}` });
  });
});

describe('AWS SDK v1-style client (CognitoUser.authenticateUser)', () => {
  it('signs in end to end through amazon-cognito-identity-js', async () => {
    const pool = new cognitoJs.CognitoUserPool({ UserPoolId: world.userPoolId, ClientId: world.clientId, endpoint: backend.userPoolEndpoint });
    const cognitoUser = new cognitoJs.CognitoUser({ Username: user.username, Pool: pool });
    const session = await new Promise<cognitoJs.CognitoUserSession>((resolve, reject) =>
      cognitoUser.authenticateUser(new cognitoJs.AuthenticationDetails({ Username: user.username, Password: user.password }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    expect(session.getIdToken().payload['cognito:username']).toBe(user.username);
  });

  it('rejects a wrong password with NotAuthorizedException', async () => {
    const pool = new cognitoJs.CognitoUserPool({ UserPoolId: world.userPoolId, ClientId: world.clientId, endpoint: backend.userPoolEndpoint });
    const cognitoUser = new cognitoJs.CognitoUser({ Username: user.username, Pool: pool });
    const error = await new Promise<{ code?: string; name?: string }>((resolve) =>
      cognitoUser.authenticateUser(new cognitoJs.AuthenticationDetails({ Username: user.username, Password: 'wrong-password' }), {
        onSuccess: () => resolve({ code: 'signed-in' }),
        onFailure: resolve,
      }),
    );
    expect(error.code ?? error.name).toBe('NotAuthorizedException');
  });
});
