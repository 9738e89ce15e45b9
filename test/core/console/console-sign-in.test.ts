import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { consoleSignInUrl, defaultDestination, federationEndpoint } from '../../../main/core/console/console-sign-in.js';
import { getCredentialsForIdentity, getIdentityId } from '../../../main/core/credentials/identity-pool.js';
import type { AwsCredentials } from '../../../main/core/credentials/aws-credentials.js';
import { BrokerError } from '../../../main/core/errors.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { startFederationEndpoint, type FederationEndpoint } from '../../stand-ins/federation-endpoint.js';

/**
 * The console sign-in URL from real identity-pool credentials (the project's identity-pool server), through
 * the federation endpoint stand-in, with every byte written to stdout, stderr and the console watched.
 */
let backend: Backend;
let world: World;
let federation: FederationEndpoint;
let credentials: AwsCredentials;

beforeAll(async () => {
  backend = await startBackend({ region: 'eu-west-1' });
  world = await seedWorld(backend);
  federation = await startFederationEndpoint({
    verify: (c) =>
      backend.issued.some(
        (i) =>
          i.accessKeyId === c.accessKeyId &&
          i.secretAccessKey === c.secretAccessKey &&
          i.sessionToken === c.sessionToken &&
          i.expiration.getTime() > Date.now(),
      ),
  });
  const user = await world.plainUser(['developers']);
  const signedIn = await backend.userPoolClient().send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: world.clientId,
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
  );
  const idToken = signedIn.AuthenticationResult!.IdToken!;
  const account = {
    name: 'console',
    region: world.region,
    userPoolId: world.userPoolId,
    identityPoolId: world.identityPoolId,
    endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint },
  };
  const identityId = await getIdentityId(account, idToken, { env: {} });
  credentials = await getCredentialsForIdentity(account, identityId, idToken, undefined, { env: {} });
});

afterAll(async () => {
  await federation?.stop();
  await backend?.stop();
});

/** Everything the process prints while `run` runs: stdout, stderr and every console method. */
async function capturingOutput<T>(run: () => Promise<T>): Promise<{ result: T; output: string }> {
  let output = '';
  const record = (...parts: unknown[]) => {
    output += parts.map(String).join(' ');
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (record(chunk), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (record(chunk), true)),
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m).mockImplementation(record)),
  ];
  try {
    return { result: await run(), output };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('AWS console sign-in URL', () => {
  it('builds a login URL from identity-pool credentials that the federation endpoint honours, printing nothing', async () => {
    const destination = 'https://eu-west-1.console.aws.amazon.com/s3/home';
    const { result: url, output } = await capturingOutput(() =>
      consoleSignInUrl({ credentials, region: world.region, destination, sessionDurationSeconds: 3600, federationEndpoint: federation.url }),
    );
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(federation.url);
    expect(parsed.searchParams.get('Action')).toBe('login');
    expect(parsed.searchParams.get('Destination')).toBe(destination);
    expect(parsed.searchParams.get('Issuer')).toBe('cognito-broker');
    const signinToken = parsed.searchParams.get('SigninToken')!;
    expect(signinToken.length).toBeGreaterThan(20);
    // The URL (a bearer credential) and the keys it came from appear nowhere in the output.
    expect(output).not.toContain(signinToken);
    expect(output).not.toContain(credentials.secretAccessKey);
    expect(output).not.toContain(credentials.sessionToken);

    const login = await fetch(url, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe(destination);
    expect(federation.logins.at(-1)).toEqual({ accessKeyId: credentials.accessKeyId, destination, issuer: 'cognito-broker', sessionDurationSeconds: 3600 });
  });

  it('defaults to the console home of the account region', async () => {
    const url = new URL(await consoleSignInUrl({ credentials, region: world.region, federationEndpoint: federation.url }));
    expect(url.searchParams.get('Destination')).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    expect(defaultDestination('cn-north-1')).toBe('https://console.amazonaws.cn/console/home?region=cn-north-1');
    expect(federationEndpoint('eu-west-1')).toBe('https://signin.aws.amazon.com/federation');
    expect(federationEndpoint('us-gov-west-1')).toBe('https://signin.amazonaws-us-gov.com/federation');
  });

  it('refuses credentials the federation endpoint does not accept, without echoing them', async () => {
    const forged = { ...credentials, secretAccessKey: 'not-the-secret-key-0000000000000000000000' };
    const { result: error, output } = await capturingOutput(() =>
      consoleSignInUrl({ credentials: forged, region: world.region, federationEndpoint: federation.url }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(BrokerError);
    const e = error as BrokerError;
    expect(e.code).toBe('auth-failed');
    expect(e.message).toBe('AWS refused to create a console sign-in for these credentials (HTTP 400).');
    expect(e.describe()).not.toContain(forged.secretAccessKey);
    expect(e.describe()).not.toContain(credentials.sessionToken);
    expect(output).toBe('');
  });

  it('refuses a session duration outside 15 minutes to 12 hours before calling anything', async () => {
    const before = federation.counts.get('getSigninToken') + federation.counts.get('refused');
    const error = await consoleSignInUrl({ credentials, region: world.region, sessionDurationSeconds: 60, federationEndpoint: federation.url }).catch(
      (e: unknown) => e,
    );
    expect((error as BrokerError).code).toBe('invalid-argument');
    expect(federation.counts.get('getSigninToken') + federation.counts.get('refused')).toBe(before);
  });

  it('names the endpoint when it cannot be reached', async () => {
    const error = await consoleSignInUrl({ credentials, region: world.region, federationEndpoint: 'http://127.0.0.1:9/federation' }).catch((e: unknown) => e);
    expect((error as BrokerError).code).toBe('network');
    expect((error as BrokerError).message).toBe('Could not reach the AWS federation endpoint 127.0.0.1:9.');
  });
});
