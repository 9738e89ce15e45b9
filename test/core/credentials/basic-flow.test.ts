import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CreateIdentityPoolCommand, SetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import { basicFlowCredentials } from '../../../main/core/credentials/basic-flow.js';
import { getIdentityId } from '../../../main/core/credentials/identity-pool.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { roleArn, seedWorld, type World } from '../../stand-ins/seed.js';
import { startStsServer, type StsServer } from '../../stand-ins/sts-server.js';
import { rejection } from '../../support/rejection.js';

/**
 * The basic flow against the project's identity-pool server (GetId, GetOpenIdToken) and the STS stand-in
 * (AssumeRoleWithWebIdentity), with a real user pool's ID token.
 */
let backend: Backend;
let world: World;
let sts: StsServer;
let classicPool: string;
let enhancedOnlyPool: string;
let mappedPool: string;
let idToken: string;
const LONG = roleArn('BrokerLongSessions');
const SHORT = roleArn('BrokerOneHour');
const UNTRUSTING = roleArn('BrokerOtherPool');

async function createIdentityPool(allowClassicFlow: boolean): Promise<string> {
  const out = await backend.identityClient().send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: allowClassicFlow ? 'classic' : 'enhanced-only',
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: allowClassicFlow,
      CognitoIdentityProviders: [{ ProviderName: world.providerName, ClientId: world.clientId }],
    }),
  );
  return out.IdentityPoolId!;
}

beforeAll(async () => {
  backend = await startBackend({ region: 'eu-west-1' });
  world = await seedWorld(backend);
  classicPool = await createIdentityPool(true);
  enhancedOnlyPool = await createIdentityPool(false);
  mappedPool = await createIdentityPool(true);
  await backend.identityClient().send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: mappedPool,
      Roles: { authenticated: LONG },
      RoleMappings: { [`${world.providerName}:${world.clientId}`]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } },
    }),
  );
  sts = await startStsServer({
    openIdJwk: () => backend.openIdPublicJwk(),
    roles: [
      { arn: LONG, maxSessionDuration: 43_200, trustedIdentityPools: [classicPool] },
      { arn: SHORT, trustedIdentityPools: [classicPool] },
      { arn: UNTRUSTING, maxSessionDuration: 43_200, trustedIdentityPools: ['eu-west-1:00000000-0000-0000-0000-000000000000'] },
    ],
  });
  const user = await world.plainUser(['developers']);
  const signedIn = await backend.userPoolClient().send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: world.clientId,
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
  );
  idToken = signedIn.AuthenticationResult!.IdToken!;
});

afterAll(async () => {
  await sts?.stop();
  await backend?.stop();
});

function account(identityPoolId: string) {
  return {
    name: 'long',
    region: world.region,
    userPoolId: world.userPoolId,
    identityPoolId,
    endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint, sts: sts.endpoint },
  };
}

describe('basic flow: GetOpenIdToken + STS AssumeRoleWithWebIdentity', () => {
  it('issues credentials for the chosen role that last the chosen 12 hours', async () => {
    const acct = account(classicPool);
    const identityId = await getIdentityId(acct, idToken, { env: {} });
    const before = Date.now();
    const creds = await basicFlowCredentials(acct, { identityId, idToken, roleArn: LONG, durationSeconds: 43_200 }, { env: {} });

    const issued = sts.issued.at(-1)!;
    expect(creds).toEqual({
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: issued.expiration.toISOString(),
      roleArn: LONG,
      identityId,
    });
    expect(issued.subject).toBe(identityId);
    expect(issued.durationSeconds).toBe(43_200);
    const after = Date.now();
    // STS expirations have whole seconds: between a second before `before` + 12 h and `after` + 12 h.
    expect(Date.parse(creds.expiration)).toBeGreaterThanOrEqual(before + 43_200_000 - 1000);
    expect(Date.parse(creds.expiration)).toBeLessThanOrEqual(after + 43_200_000);
    expect(backend.counts.identity.get('GetOpenIdToken')).toBeGreaterThanOrEqual(1);
  });

  it('explains a duration longer than the role allows', async () => {
    const acct = account(classicPool);
    const identityId = await getIdentityId(acct, idToken, { env: {} });
    const error = await rejection(basicFlowCredentials(acct, { identityId, idToken, roleArn: SHORT, durationSeconds: 7200 }, { env: {} }));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toBe(`The role ${SHORT} does not allow sessions of 7200 seconds.`);
    expect(error.hint).toMatch(/maximum session duration/);
  });

  it('names the trust policy when the role does not trust this identity pool', async () => {
    const acct = account(classicPool);
    const identityId = await getIdentityId(acct, idToken, { env: {} });
    const error = await rejection(basicFlowCredentials(acct, { identityId, idToken, roleArn: UNTRUSTING, durationSeconds: 3600 }, { env: {} }));
    expect(error.code).toBe('role-not-allowed');
    expect(error.hint).toMatch(/trust policy/);
  });

  it('refuses a duration outside 15 minutes to 12 hours before calling anything', async () => {
    const calls = sts.counts.get('AssumeRoleWithWebIdentity');
    const error = await rejection(
      basicFlowCredentials(account(classicPool), { identityId: 'x', idToken, roleArn: LONG, durationSeconds: 50_000 }, { env: {} }),
    );
    expect(error.code).toBe('invalid-argument');
    expect(error.hint).toBe('Choose between 900 seconds (15 minutes) and 43200 seconds (12 hours).');
    expect(sts.counts.get('AssumeRoleWithWebIdentity')).toBe(calls);
  });

  it('says which setting to change when the identity pool forbids the basic flow', async () => {
    const acct = account(enhancedOnlyPool);
    const identityId = await getIdentityId(acct, idToken, { env: {} });
    const calls = sts.counts.get('AssumeRoleWithWebIdentity');
    const error = await rejection(basicFlowCredentials(acct, { identityId, idToken, roleArn: LONG, durationSeconds: 3600 }, { env: {} }));
    expect(error.code).toBe('identity-pool');
    expect(error.message).toBe('The identity pool of account long does not allow the basic (classic) flow that longer sessions need.');
    expect(error.hint).toContain('AllowClassicFlow');
    expect(sts.counts.get('AssumeRoleWithWebIdentity')).toBe(calls);
  });

  it('explains that a pool which maps roles cannot use the basic flow', async () => {
    const acct = account(mappedPool);
    const identityId = await getIdentityId(acct, idToken, { env: {} });
    const error = await rejection(basicFlowCredentials(acct, { identityId, idToken, roleArn: LONG, durationSeconds: 3600 }, { env: {} }));
    expect(error.code).toBe('identity-pool');
    expect(error.message).toBe(
      'The identity pool of account long maps roles, and AWS allows longer sessions (the basic flow) only on pools without role mappings.',
    );
  });
});
