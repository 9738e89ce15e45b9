import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { roleArn, seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { worldAccount } from '../../stand-ins/world-account.js';
import type { Account } from '../../../main/core/accounts/account.js';
import { signIn } from '../../../main/core/auth/sign-in.js';
import { verifyIdToken, type IdTokenClaims } from '../../../main/core/auth/token-verifier.js';
import { getCredentialsForIdentity, getIdentityId } from '../../../main/core/credentials/identity-pool.js';
import { resolveRole } from '../../../main/core/credentials/roles.js';
import { BrokerError } from '../../../main/core/errors.js';
import { scriptedPrompter } from '../auth/scripted-prompter.js';

/**
 * The identity-pool exchange against the project's identity-pool server (GetId + GetCredentialsForIdentity
 * with the real SDK, ID tokens checked against the user pool's JWKS, AWS's role rules), with every branch of
 * the role choice: account default, preferred role, --role allowed, --role refused before any call.
 */
const ADMIN = roleArn('BrokerAdmin');
const DEV = roleArn('BrokerDeveloper');
const RO = roleArn('BrokerReadOnly');
const env: NodeJS.ProcessEnv = {};
let backend: Backend;
let world: World;

const accountFor = (w: World, overrides: Partial<Account> = {}): Account => worldAccount(backend, w, overrides);

async function session(w: World, user: SeededUser): Promise<{ idToken: string; claims: IdTokenClaims }> {
  const tokens = await signIn(accountFor(w), { username: user.username, prompter: scriptedPrompter({ password: [user.password] }), env });
  return { idToken: tokens.idToken, claims: await verifyIdToken(accountFor(w), tokens.idToken, env) };
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<BrokerError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(BrokerError);
    return error as BrokerError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
});

afterAll(async () => {
  await backend?.stop();
});

describe('GetId', () => {
  it('returns the same identity for the same user, with the AWS provider name as the Logins key', async () => {
    const user = await world.plainUser(['developers']);
    const { idToken } = await session(world, user);
    const first = await getIdentityId(accountFor(world), idToken, { env });
    expect(first).toMatch(new RegExp(`^${world.region}:[0-9a-f-]{36}$`));
    expect(await getIdentityId(accountFor(world), idToken, { env })).toBe(first);
  });
});

describe('GetCredentialsForIdentity with the role choice', () => {
  it("the account's default role (still granted) is the role the pool issues", async () => {
    const user = await world.plainUser(['admins', 'developers']);
    const { idToken, claims } = await session(world, user);
    const choice = resolveRole(claims, { accountDefault: DEV });
    expect(choice).toEqual({ roleArn: DEV, reason: 'your default role' });
    const identityId = await getIdentityId(accountFor(world), idToken, { env });
    const creds = await getCredentialsForIdentity(accountFor(world), identityId, idToken, choice.roleArn, { env });
    const issued = backend.issued.at(-1)!;
    expect(issued.roleArn).toBe(DEV);
    expect(creds).toEqual({
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: issued.expiration.toISOString(),
      roleArn: DEV,
      identityId,
    });
    expect(creds.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
  });

  it('without a default, the preferred role (lowest precedence group) is used and explained', async () => {
    const user = await world.plainUser(['developers', 'admins']);
    const { idToken, claims } = await session(world, user);
    expect(claims['cognito:roles']).toEqual(expect.arrayContaining([ADMIN, DEV]));
    expect(claims['cognito:preferred_role']).toBe(ADMIN);
    const choice = resolveRole(claims, { groups: world.groups.map((g) => ({ name: g.name, precedence: g.precedence, roleArn: g.roleArn })) });
    expect(choice).toEqual({ roleArn: ADMIN, reason: 'preferred role of group admins (precedence 1)' });
    const identityId = await getIdentityId(accountFor(world), idToken, { env });
    await getCredentialsForIdentity(accountFor(world), identityId, idToken, choice.roleArn, { env });
    expect(backend.issued.at(-1)?.roleArn).toBe(ADMIN);
  });

  it('--role picks any listed role', async () => {
    const user = await world.plainUser(['developers', 'admins']);
    const { idToken, claims } = await session(world, user);
    const choice = resolveRole(claims, { requested: DEV, accountDefault: ADMIN });
    const identityId = await getIdentityId(accountFor(world), idToken, { env });
    const creds = await getCredentialsForIdentity(accountFor(world), identityId, idToken, choice.roleArn, { env });
    expect(backend.issued.at(-1)).toMatchObject({ roleArn: DEV, reason: 'custom-role', accessKeyId: creds.accessKeyId });
  });

  it('--role with a role the token does not list is refused before any call to the identity pool', async () => {
    const user = await world.plainUser(['developers']);
    const { claims } = await session(world, user);
    backend.resetCounts();
    const error = await failure(() => resolveRole(claims, { requested: RO }));
    expect(error.code).toBe('role-not-allowed');
    expect(error.hint).toContain(DEV);
    expect(backend.counts.identity.snapshot()).toEqual({});
  });

  it('the pool itself refuses a role outside the token, mapped to role-not-allowed', async () => {
    const user = await world.plainUser(['developers']);
    const { idToken } = await session(world, user);
    const identityId = await getIdentityId(accountFor(world), idToken, { env });
    const error = await failure(getCredentialsForIdentity(accountFor(world), identityId, idToken, RO, { env }));
    expect(error.code).toBe('role-not-allowed');
  });

  it('with tied groups and no choice, the pool falls back to its authenticated role', async () => {
    const tie = await seedWorld(backend, {
      groups: [
        { name: 'blue', roleArn: roleArn('Blue'), precedence: 2 },
        { name: 'green', roleArn: roleArn('Green'), precedence: 2 },
      ],
    });
    const user = await tie.plainUser(['blue', 'green']);
    const { idToken, claims } = await session(tie, user);
    expect(claims['cognito:preferred_role']).toBeUndefined();
    const choice = resolveRole(claims);
    expect(choice.roleArn).toBeUndefined();
    const identityId = await getIdentityId(accountFor(tie), idToken, { env });
    const creds = await getCredentialsForIdentity(accountFor(tie), identityId, idToken, choice.roleArn, { env });
    expect(backend.issued.at(-1)?.roleArn).toBe(tie.authenticatedRole);
    expect(creds.roleArn).toBe('');
  });

  it('a pool that denies ambiguous mappings gives a sentence about what the administrator must change', async () => {
    const deny = await seedWorld(backend, {
      ambiguousRoleResolution: 'Deny',
      groups: [
        { name: 'blue', roleArn: roleArn('Blue'), precedence: 2 },
        { name: 'green', roleArn: roleArn('Green'), precedence: 2 },
      ],
    });
    const user = await deny.plainUser(['blue', 'green']);
    const { idToken } = await session(deny, user);
    const identityId = await getIdentityId(accountFor(deny), idToken, { env });
    const error = await failure(getCredentialsForIdentity(accountFor(deny), identityId, idToken, undefined, { env }));
    expect(error.code).toBe('role-ambiguous');
    expect(error.hint).toMatch(/--role|administrator/);
  });

  it('a pool without any usable role is reported as a misconfiguration for the administrator', async () => {
    const bare = await seedWorld(backend, { authenticatedRole: null, roleMapping: 'none' });
    const user = await bare.plainUser([]);
    const { idToken } = await session(bare, user);
    const identityId = await getIdentityId(accountFor(bare), idToken, { env });
    const error = await failure(getCredentialsForIdentity(accountFor(bare), identityId, idToken, undefined, { env }));
    expect(error.code).toBe('identity-pool');
    expect(error.hint).toMatch(/administrator must/);
  });

  it('a token from an app client the identity pool does not list is refused with a clear sentence', async () => {
    const other = await seedWorld(backend);
    const user = await other.plainUser();
    const { idToken } = await session(other, user);
    // The other pool's token presented to this world's identity pool.
    const error = await failure(getIdentityId(accountFor(world, { userPoolId: other.userPoolId }), idToken, { env }));
    expect(error.code).toBe('identity-pool');
  });

  it('an unknown identity pool is named', async () => {
    const user = await world.plainUser();
    const { idToken } = await session(world, user);
    const error = await failure(getIdentityId(accountFor(world, { identityPoolId: `${world.region}:00000000-0000-0000-0000-000000000000` }), idToken, { env }));
    expect(error.code).toBe('identity-pool');
    expect(error.hint).toMatch(/identity pool id/);
  });

  it('an unreachable identity endpoint is a network error', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const account = accountFor(world, { endpoints: { cognitoIdentity: `http://127.0.0.1:${port}` } });
    const error = await failure(getIdentityId(account, 'x.y.z', { env }));
    expect(error.code).toBe('network');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('endpoints also come from AWS_ENDPOINT_URL_COGNITO_IDENTITY when the account has none', async () => {
    const user = await world.plainUser();
    const { idToken } = await session(world, user);
    const account = accountFor(world, { endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint } });
    const id = await getIdentityId(account, idToken, { env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY: backend.identityEndpoint } });
    expect(id).toContain(':');
  });
});
