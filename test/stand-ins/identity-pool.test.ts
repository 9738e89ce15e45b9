import { CreateUserPoolClientCommand, InitiateAuthCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  DeleteIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  ListIdentityPoolsCommand,
  UpdateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  GetOpenIdTokenCommand,
  type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity';
import { createPublicKey, verify } from 'node:crypto';
import { startBackend, type Backend } from './backend.js';
import { decodeJwtPayload } from './token-ledger.js';
import { roleArn, seedWorld, type SeededUser, type World } from './seed.js';

/**
 * The identity-pool server through the real @aws-sdk/client-cognito-identity: ID-token verification,
 * every role rule, AWS's error names, credentials shaped like AWS's and recorded as issued, call counts.
 */
let backend: Backend;
let world: World;
let idp: CognitoIdentityProviderClient;
let identity: CognitoIdentityClient;
let admin: SeededUser;
let tied: SeededUser;

const ADMIN = roleArn('BrokerAdmin');
const DEV = roleArn('BrokerDeveloper');
const READONLY = roleArn('BrokerReadOnly');

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function tokens(w: World, user: SeededUser, clientId = w.clientId) {
  const answer = await idp.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: user.username, PASSWORD: user.password } }),
  );
  return answer.AuthenticationResult!;
}

async function credentialsFor(w: World, idToken: string, customRoleArn?: string) {
  const logins = { [w.providerName]: idToken };
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: w.identityPoolId, Logins: logins }));
  return identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins, CustomRoleArn: customRoleArn }));
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend, {
    groups: [
      ...(await import('./seed.js')).DEFAULT_GROUPS,
      { name: 'tied-a', roleArn: roleArn('TiedA'), precedence: 0 },
      { name: 'tied-b', roleArn: roleArn('TiedB'), precedence: 0 },
    ],
  });
  idp = backend.userPoolClient();
  identity = backend.identityClient();
  admin = await world.plainUser(['admins', 'developers', 'readonly'], { tenantId: 'acme' });
  tied = await world.plainUser(['tied-a', 'tied-b', 'developers']);
});

afterAll(async () => {
  await backend?.stop();
});

describe('ID token claims from PreTokenGeneration', () => {
  it('carries cognito:groups, cognito:roles (array) and cognito:preferred_role like AWS', async () => {
    const claims = claimsOf((await tokens(world, admin)).IdToken!);
    expect(claims['cognito:groups']).toEqual(expect.arrayContaining(['admins', 'developers', 'readonly']));
    expect(claims['cognito:roles']).toEqual([ADMIN, DEV, READONLY]);
    expect(claims['cognito:preferred_role']).toBe(ADMIN);
    expect(claims['custom:tenant_id']).toBe('acme');
    expect(claims.iss).toBe(backend.issuer(world.userPoolId));
    expect(backend.counts.preTokenGeneration.get('TokenGeneration_Authentication')).toBeGreaterThan(0);
  });

  it("names AWS's ORIGINAL issuer of the pool's Region, not the endpoint clients call, and the front serves the keys that verify it", async () => {
    const { IdToken, AccessToken } = await tokens(world, admin);
    expect(world.userPoolId).toMatch(new RegExp(`^${backend.region}_[0-9A-Za-z]+$`));
    const issuer = `https://cognito-idp.${backend.region}.amazonaws.com/${world.userPoolId}`;
    expect(backend.issuer(world.userPoolId)).toBe(issuer);
    expect(claimsOf(IdToken!).iss).toBe(issuer);
    expect(claimsOf(AccessToken!).iss).toBe(issuer);
    const res = await fetch(`${backend.userPoolEndpoint}/${world.userPoolId}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: (JsonWebKey & { kid?: string })[] };
    const [header, payload, signature] = IdToken!.split('.');
    const { kid } = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as { kid: string };
    const jwk = keys.find((k) => k.kid === kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, 'base64url'))).toBe(true);
  });

  it('leaves cognito:preferred_role out when the best precedence ties with different roles', async () => {
    const claims = claimsOf((await tokens(world, tied)).IdToken!);
    expect(claims['cognito:roles']).toEqual([roleArn('TiedA'), roleArn('TiedB'), DEV]);
    expect(claims).not.toHaveProperty('cognito:preferred_role');
  });
});

describe('admin calls', () => {
  it('DescribeIdentityPool and GetIdentityPoolRoles return what the seed set', async () => {
    const pool = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: world.identityPoolId }));
    expect(pool.CognitoIdentityProviders?.map((p) => p.ClientId).sort()).toEqual([world.clientId, world.secretClientId].sort());
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: world.identityPoolId }));
    expect(roles.Roles?.authenticated).toBe(roleArn('BrokerAuthenticated'));
    expect(roles.RoleMappings?.[`${world.providerName}:${world.clientId}`]).toMatchObject({ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' });
  });

  it('UpdateIdentityPool replaces the settings, ListIdentityPools lists, DeleteIdentityPool removes it with its identities', async () => {
    const extra = await seedWorld(backend, { roleMapping: 'none' });
    const user = await extra.plainUser();
    const logins = { [extra.providerName]: (await tokens(extra, user)).IdToken! };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: extra.identityPoolId, Logins: logins }));
    expect((await identity.send(new DescribeIdentityCommand({ IdentityId }))).Logins).toEqual([extra.providerName]);
    const updated = await identity.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: extra.identityPoolId,
        IdentityPoolName: 'renamed',
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: true,
        CognitoIdentityProviders: [{ ProviderName: extra.providerName, ClientId: extra.secretClientId }],
      }),
    );
    expect(updated).toMatchObject({ IdentityPoolName: 'renamed', AllowClassicFlow: true });
    await expect(identity.send(new GetIdCommand({ IdentityPoolId: extra.identityPoolId, Logins: logins }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect((await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }))).IdentityPools?.map((p) => p.IdentityPoolName)).toContain('renamed');
    await identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: extra.identityPoolId }));
    await expect(identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: extra.identityPoolId }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(identity.send(new DescribeIdentityCommand({ IdentityId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('unknown identity pool → ResourceNotFoundException', async () => {
    await expect(identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('GetId + GetCredentialsForIdentity (Type=Token)', () => {
  it('default role is cognito:preferred_role; credentials look like AWS and are recorded', async () => {
    const idToken = (await tokens(world, admin)).IdToken!;
    const before = Date.now();
    const result = await credentialsFor(world, idToken);
    const c = result.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(c.SecretKey).toHaveLength(40);
    expect(c.SessionToken!.length).toBeGreaterThan(300);
    expect(c.Expiration).toBeInstanceOf(Date);
    expect(Math.abs(c.Expiration!.getTime() - (before + 3600_000))).toBeLessThan(5000);
    const issued = backend.issued.at(-1)!;
    expect(issued).toMatchObject({
      identityId: result.IdentityId,
      roleArn: ADMIN,
      reason: 'preferred-role',
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretKey,
      sessionToken: c.SessionToken,
    });
    expect(issued.expiration.getTime()).toBe(c.Expiration!.getTime());
  });

  it('GetId gives the same IdentityId to the same user every time', async () => {
    const idToken = (await tokens(world, admin)).IdToken!;
    const a = await identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: idToken } }));
    const b = await identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: idToken } }));
    expect(a.IdentityId).toBe(b.IdentityId);
    expect(a.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
  });

  it('CustomRoleArn listed in cognito:roles → that role', async () => {
    const idToken = (await tokens(world, admin)).IdToken!;
    await credentialsFor(world, idToken, READONLY);
    expect(backend.issued.at(-1)).toMatchObject({ roleArn: READONLY, reason: 'custom-role' });
  });

  it('CustomRoleArn not in cognito:roles → NotAuthorizedException, nothing issued', async () => {
    const idToken = (await tokens(world, tied)).IdToken!;
    const count = backend.issued.length;
    await expect(credentialsFor(world, idToken, ADMIN)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect(backend.issued).toHaveLength(count);
  });

  it('no preferred role + AmbiguousRoleResolution AuthenticatedRole → the authenticated role', async () => {
    await credentialsFor(world, (await tokens(world, tied)).IdToken!);
    expect(backend.issued.at(-1)).toMatchObject({ roleArn: roleArn('BrokerAuthenticated'), reason: 'ambiguous-authenticated-role' });
  });

  it('works with the ID token of the client that has a secret', async () => {
    const answer = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: world.secretClientId,
        AuthParameters: {
          USERNAME: admin.username,
          PASSWORD: admin.password,
          SECRET_HASH: (await import('./srp-server.js')).secretHash(world.clientSecret, admin.username, world.secretClientId),
        },
      }),
    );
    await credentialsFor(world, answer.AuthenticationResult!.IdToken!, DEV);
    expect(backend.issued.at(-1)).toMatchObject({ roleArn: DEV });
  });

  it('counts calls by operation', async () => {
    backend.resetCounts();
    await credentialsFor(world, (await tokens(world, admin)).IdToken!);
    expect(backend.counts.identity.get('GetId')).toBe(1);
    expect(backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:USER_PASSWORD_AUTH')).toBe(1);
  });
});

describe('AmbiguousRoleResolution Deny and Rules mappings', () => {
  it('Deny without a preferred role → NotAuthorizedException', async () => {
    const deny = await seedWorld(backend, {
      ambiguousRoleResolution: 'Deny',
      groups: [
        { name: 'a', roleArn: roleArn('A'), precedence: 2 },
        { name: 'b', roleArn: roleArn('B'), precedence: 2 },
      ],
    });
    const user = await deny.plainUser(['a', 'b']);
    await expect(credentialsFor(deny, (await tokens(deny, user)).IdToken!)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('ambiguous role mapping'),
    });
    await credentialsFor(deny, (await tokens(deny, user)).IdToken!, roleArn('B'));
    expect(backend.issued.at(-1)).toMatchObject({ roleArn: roleArn('B'), reason: 'custom-role' });
  });

  it('Rules: first matching rule on the token claims', async () => {
    const rules = await seedWorld(backend, {
      roleMapping: 'Rules',
      ambiguousRoleResolution: 'Deny',
      rules: [
        { Claim: 'custom:tenant_id', MatchType: 'Equals', Value: 'acme', RoleARN: roleArn('AcmeTenant') },
        { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'developers', RoleARN: DEV },
      ],
    });
    const acme = await rules.plainUser(['developers'], { tenantId: 'acme' });
    const other = await rules.plainUser(['developers'], { tenantId: 'other' });
    const nobody = await rules.plainUser([]);
    await credentialsFor(rules, (await tokens(rules, acme)).IdToken!);
    expect(backend.issued.at(-1)).toMatchObject({ roleArn: roleArn('AcmeTenant'), reason: 'rule' });
    await credentialsFor(rules, (await tokens(rules, other)).IdToken!);
    expect(backend.issued.at(-1)).toMatchObject({ roleArn: DEV, reason: 'rule' });
    await expect(credentialsFor(rules, (await tokens(rules, nobody)).IdToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('no authenticated role and AmbiguousRoleResolution AuthenticatedRole → InvalidIdentityPoolConfigurationException', async () => {
    const bare = await seedWorld(backend, { authenticatedRole: null, groups: [{ name: 'none' }] });
    const user = await bare.plainUser(['none']);
    await expect(credentialsFor(bare, (await tokens(bare, user)).IdToken!)).rejects.toMatchObject({ name: 'InvalidIdentityPoolConfigurationException' });
  });
});

describe('login token verification', () => {
  it('bad signature → NotAuthorizedException', async () => {
    const idToken = (await tokens(world, admin)).IdToken!;
    const [h, p, s] = idToken.split('.');
    const forged = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    forged['cognito:roles'] = [roleArn('Forged')];
    const tampered = `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`;
    await expect(identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: tampered } }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: "Invalid login token. Couldn't verify signed token.",
    });
  });

  it('wrong aud (an app client not registered with the identity pool) → NotAuthorizedException', async () => {
    const { UserPoolClient } = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: world.userPoolId,
        ClientName: 'unregistered',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const idToken = (await tokens(world, admin, UserPoolClient!.ClientId!)).IdToken!;
    await expect(identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: idToken } }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Token is not from a supported provider of this identity pool.',
    });
  });

  it('a provider the pool does not know → NotAuthorizedException', async () => {
    const other = await seedWorld(backend);
    const user = await other.plainUser();
    const idToken = (await tokens(other, user)).IdToken!;
    await expect(identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [other.providerName]: idToken } }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('access token instead of ID token (token_use=access) → NotAuthorizedException', async () => {
    const accessToken = (await tokens(world, admin)).AccessToken!;
    await expect(
      identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: accessToken } })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('expired ID token → NotAuthorizedException "Token expired"', async () => {
    // A few seconds of validity so GetId still sees a live token on a loaded machine; then wait for the token's own exp.
    const shortLived = await seedWorld(backend, { idTokenValiditySeconds: 4 });
    const user = await shortLived.plainUser();
    const idToken = (await tokens(shortLived, user)).IdToken!;
    const logins = { [shortLived.providerName]: idToken };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: shortLived.identityPoolId, Logins: logins }));
    const exp = decodeJwtPayload(idToken)?.exp;
    if (typeof exp !== 'number') throw new Error('the ID token has no exp claim');
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 1100));
    await expect(identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringMatching(/^Invalid login token\. Token expired: \d+ >= \d+$/),
    });
  });

  it('GetCredentialsForIdentity without Logins for an authenticated identity → NotAuthorizedException', async () => {
    const idToken = (await tokens(world, admin)).IdToken!;
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: idToken } }));
    await expect(identity.send(new GetCredentialsForIdentityCommand({ IdentityId }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it("another user's token for an identity → NotAuthorizedException", async () => {
    const adminToken = (await tokens(world, admin)).IdToken!;
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: adminToken } }));
    const tiedToken = (await tokens(world, tied)).IdToken!;
    await expect(identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [world.providerName]: tiedToken } }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('unknown identity → ResourceNotFoundException; unauthenticated GetId on a pool that forbids it → NotAuthorizedException', async () => {
    await expect(identity.send(new GetCredentialsForIdentityCommand({ IdentityId: 'us-east-1:11111111-1111-1111-1111-111111111111' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
  });
});

describe('GetOpenIdToken and credential lifetime', () => {
  it('GetOpenIdToken (basic flow) returns an RS512 token for the identity, signed by the published key', async () => {
    const classic = await seedWorld(backend, { allowClassicFlow: true, roleMapping: 'none' });
    const user = await classic.plainUser();
    const logins = { [classic.providerName]: (await tokens(classic, user)).IdToken! };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: classic.identityPoolId, Logins: logins }));
    const { Token } = await identity.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));
    const [h, p, s] = Token!.split('.');
    const claims = claimsOf(Token!);
    expect(claims).toMatchObject({ sub: IdentityId, aud: classic.identityPoolId, iss: 'https://cognito-identity.amazonaws.com' });
    expect(claims.amr).toEqual(expect.arrayContaining(['authenticated', classic.providerName]));
    const key = createPublicKey({ key: backend.openIdPublicJwk() as never, format: 'jwk' });
    expect(verify('sha512', Buffer.from(`${h}.${p}`), key, Buffer.from(s!, 'base64url'))).toBe(true);
  });

  it('GetOpenIdToken is refused without AllowClassicFlow, and on a pool with role mappings', async () => {
    const logins = { [world.providerName]: (await tokens(world, admin)).IdToken! };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: logins }));
    await expect(identity.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Basic (classic) flow is not enabled, please use enhanced flow.',
    });
    const mapped = await seedWorld(backend, { allowClassicFlow: true });
    const user = await mapped.plainUser();
    const mappedLogins = { [mapped.providerName]: (await tokens(mapped, user)).IdToken! };
    const mappedId = await identity.send(new GetIdCommand({ IdentityPoolId: mapped.identityPoolId, Logins: mappedLogins }));
    await expect(identity.send(new GetOpenIdTokenCommand({ IdentityId: mappedId.IdentityId, Logins: mappedLogins }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('RoleMappings'),
    });
  });

  it('setCredentialLifetime shortens the Expiration of issued credentials', async () => {
    backend.setCredentialLifetime(120);
    try {
      const before = Date.now();
      const result = await credentialsFor(world, (await tokens(world, admin)).IdToken!);
      expect(Math.abs(result.Credentials!.Expiration!.getTime() - (before + 120_000))).toBeLessThan(5000);
    } finally {
      backend.setCredentialLifetime(3600);
    }
  });
});
