import { existsSync } from 'node:fs';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createSrpSession, wrapInitiateAuth } from 'cognito-srp-helper';
import { DUMMY_CREDENTIALS, startBackend } from './backend.js';
import { seedWorld } from './seed.js';

/** The backend as a whole: independent instances, clean stop, the helpers it exposes. */
describe('startBackend / stop', () => {
  it('two backends run side by side on their own loopback ports with their own state, and stop cleanly', async () => {
    const [a, b] = await Promise.all([startBackend(), startBackend({ region: 'eu-west-1' })]);
    const stopped: string[] = [];
    try {
      const endpoints = [a.userPoolEndpoint, a.identityEndpoint, a.cognitoLocalEndpoint, b.userPoolEndpoint, b.identityEndpoint, b.cognitoLocalEndpoint];
      expect(new Set(endpoints).size).toBe(6);
      for (const e of endpoints) expect(new URL(e).hostname).toBe('127.0.0.1');
      await seedWorld(a);
      const pools = async (url: string) => {
        const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: url, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
        try {
          return (await client.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools ?? [];
        } finally {
          client.destroy();
        }
      };
      expect(await pools(a.userPoolEndpoint)).toHaveLength(1);
      expect(await pools(b.userPoolEndpoint)).toHaveLength(0);
      expect(b.providerName('eu-west-1_x')).toBe('cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x');
      expect(a.env()).toEqual({
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: a.userPoolEndpoint,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY: a.identityEndpoint,
        AWS_REGION: 'us-east-1',
      });

      await a.stop();
      stopped.push('a');
      for (const e of [a.userPoolEndpoint, a.identityEndpoint, a.cognitoLocalEndpoint]) await expect(fetch(e)).rejects.toThrow();
      expect(await pools(b.userPoolEndpoint)).toHaveLength(0);
    } finally {
      if (!stopped.includes('a')) await a.stop();
      await b.stop();
    }
  });

  it('uses the given data dir and leaves it to its owner; a temp dir of its own is removed', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'backend-data-'));
    const backend = await startBackend({ dataDir: dir });
    try {
      await seedWorld(backend);
      expect(existsSync(join(dir, '.cognito', 'config.json'))).toBe(true);
      expect(existsSync(join(dir, '.cognito', 'db'))).toBe(true);
    } finally {
      await backend.stop();
    }
    expect(existsSync(dir)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('SRP for a user whose password the front never saw says so (InternalErrorException), instead of a wrong-password answer', async () => {
    const backend = await startBackend();
    const local = new CognitoIdentityProviderClient({
      region: backend.region,
      endpoint: backend.cognitoLocalEndpoint,
      credentials: DUMMY_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const world = await seedWorld(backend);
      await local.send(new AdminCreateUserCommand({ UserPoolId: world.userPoolId, Username: 'hidden', MessageAction: 'SUPPRESS' }));
      await local.send(new AdminSetUserPasswordCommand({ UserPoolId: world.userPoolId, Username: 'hidden', Password: 'Hidden-Pw-1!', Permanent: true }));
      const idp = backend.userPoolClient();
      const srp = createSrpSession('hidden', 'Hidden-Pw-1!', world.userPoolId, false);
      await expect(
        idp.send(
          new InitiateAuthCommand(
            wrapInitiateAuth(srp, { ClientId: world.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { CHALLENGE_NAME: 'SRP_A', USERNAME: 'hidden' } }),
          ),
        ),
      ).rejects.toMatchObject({
        name: 'InternalErrorException',
        message: expect.stringContaining('never saw this user'),
      });
    } finally {
      local.destroy();
      await backend.stop();
    }
  });
});

describe('fault injection and delivery masking', () => {
  it('inject makes the next call(s) fail with the AWS error asked for, then calls work again', async () => {
    const backend = await startBackend();
    try {
      const world = await seedWorld(backend);
      const user = await world.plainUser();
      const idp = backend.userPoolClient();
      const signIn = () =>
        idp.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: world.clientId,
            AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
          }),
        );
      backend.inject('userPool', { operation: 'InitiateAuth', error: { type: 'TooManyRequestsException', message: 'Rate exceeded' }, times: 2 });
      await expect(signIn()).rejects.toMatchObject({ name: 'TooManyRequestsException', message: 'Rate exceeded' });
      await expect(signIn()).rejects.toMatchObject({ name: 'TooManyRequestsException' });
      const tokens = (await signIn()).AuthenticationResult!;
      expect(backend.counts.userPool.get('InitiateAuth:USER_PASSWORD_AUTH')).toBe(3);

      const { GetIdCommand } = await import('@aws-sdk/client-cognito-identity');
      backend.inject('identity', { operation: '*', error: { type: 'InternalErrorException', message: 'boom', status: 500 }, times: Infinity });
      const identity = backend.identityClient();
      await expect(
        identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: tokens.IdToken! } })),
      ).rejects.toMatchObject({ name: 'InternalErrorException' });
      backend.clearFaults();
      expect(
        (await identity.send(new GetIdCommand({ IdentityPoolId: world.identityPoolId, Logins: { [world.providerName]: tokens.IdToken! } }))).IdentityId,
      ).toBeTruthy();
    } finally {
      await backend.stop();
    }
  });

  it('ForgotPassword tells where the code went, masked like AWS', async () => {
    const backend = await startBackend();
    try {
      const world = await seedWorld(backend);
      const user = await world.plainUser(undefined, { email: 'alice.smith@example.org' });
      const { ForgotPasswordCommand } = await import('@aws-sdk/client-cognito-identity-provider');
      const answer = await backend.userPoolClient().send(new ForgotPasswordCommand({ ClientId: world.clientId, Username: user.username }));
      expect(answer.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', Destination: 'a***@e***' });
    } finally {
      await backend.stop();
    }
  });
});
