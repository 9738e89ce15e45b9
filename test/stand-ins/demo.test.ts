import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from 'cognito-srp-helper';
import { authenticator } from 'otplib';
import { DUMMY_CREDENTIALS } from './backend.js';

/**
 * `npm run demo` as a newcomer meets it: the demo entry bundled the way scripts/build.mjs bundles it, run in
 * a fresh broker home. It registers the `demo` account, prints the password, TOTP secret and codes, and the
 * user can really sign in with them (SRP + TOTP); a second run refreshes the account; a foreign account named
 * demo is left alone; Ctrl-C stops everything and removes the data dir.
 */
const root = resolve(__dirname, '..', '..');
let workDir: string;
let bundle: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'demo-test-'));
  bundle = join(workDir, 'demo.cjs');
  await build({
    entryPoints: [join(root, 'test/stand-ins/demo-main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    external: ['electron', '@napi-rs/keyring', 'cognito-local'],
  });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function runDemo(home: string): Running {
  let out = '';
  // The bundle lives in a temp dir; NODE_PATH lets it find the native keychain binding, and the working
  // directory (the checkout) is where the demo finds cognito-local, as under `npm run demo`.
  const child = spawn(process.execPath, [bundle], {
    cwd: root,
    env: { ...process.env, COGNITO_BROKER_HOME: home, NODE_PATH: join(root, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitFor(run: Running, pattern: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = run.output().match(pattern);
    if (match) return match;
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`demo output never matched ${pattern}:\n${run.output()}`);
}

async function stopDemo(run: Running): Promise<number | null> {
  run.child.kill('SIGINT');
  return run.exited;
}

describe('npm run demo', () => {
  it('registers the demo account, prints what to type, and its user signs in with SRP + the printed TOTP secret', async () => {
    const home = await mkdtemp(join(workDir, 'home-'));
    const run = runDemo(home);
    try {
      await waitFor(run, /demo TOTP code: \d{6}/);
      const text = run.output();
      expect(text).toContain('login demo');
      expect(text).toContain('aws configure export-credentials --profile demo');
      expect(text).toContain('otpauth://totp/');
      expect(text).not.toMatch(/DeprecationWarning|NodeVersionSupportWarning/);
      const secret = text.match(/secret:\s+([A-Z2-7]+)/)![1]!;
      const password = text.match(/with password (\S+) and a TOTP code/)![1]!;
      const printed = text.match(/demo TOTP code: (\d{6})/)![1]!;
      expect([authenticator.generate(secret), authenticator.generate(secret)]).toContain(printed);

      const file = JSON.parse(await readFile(join(home, 'accounts.json'), 'utf8')) as { accounts: Record<string, unknown>[] };
      const account = file.accounts.find((a) => a.name === 'demo') as {
        region: string;
        userPoolId: string;
        clientId: string;
        identityPoolId: string;
        username: string;
        authFlow: string;
        endpoints: { cognitoIdentityProvider: string; cognitoIdentity: string };
      };
      expect(account).toMatchObject({ username: 'demo', authFlow: 'srp' });
      expect(new URL(account.endpoints.cognitoIdentityProvider).hostname).toBe('127.0.0.1');
      expect(new URL(account.endpoints.cognitoIdentity).hostname).toBe('127.0.0.1');

      const idp = new CognitoIdentityProviderClient({
        region: account.region,
        endpoint: account.endpoints.cognitoIdentityProvider,
        credentials: DUMMY_CREDENTIALS,
        maxAttempts: 1,
      });
      try {
        const srp = createSrpSession('demo', password, account.userPoolId, false);
        const init = await idp.send(
          new InitiateAuthCommand(
            wrapInitiateAuth(srp, { ClientId: account.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { CHALLENGE_NAME: 'SRP_A', USERNAME: 'demo' } }),
          ),
        );
        const mfa = await idp.send(
          new RespondToAuthChallengeCommand(
            wrapAuthChallenge(signSrpSession(srp, init), {
              ClientId: account.clientId,
              ChallengeName: 'PASSWORD_VERIFIER',
              ChallengeResponses: { USERNAME: 'demo' },
            }),
          ),
        );
        expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
        const done = await idp.send(
          new RespondToAuthChallengeCommand({
            ClientId: account.clientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: mfa.Session,
            ChallengeResponses: { USERNAME: 'demo', SOFTWARE_TOKEN_MFA_CODE: authenticator.generate(secret) },
          }),
        );
        const claims = JSON.parse(Buffer.from(done.AuthenticationResult!.IdToken!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
        expect(claims['cognito:roles']).toHaveLength(3);
      } finally {
        idp.destroy();
      }

      expect(await stopDemo(run)).toBe(0);
      expect(run.output()).toContain('stopped');
      expect(existsSync(join(home, 'demo-backend'))).toBe(false);
      await expect(fetch(account.endpoints.cognitoIdentityProvider)).rejects.toThrow();
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  it('a second run refreshes the demo account with the new pool', async () => {
    const home = await mkdtemp(join(workDir, 'home-'));
    const first = runDemo(home);
    await waitFor(first, /demo TOTP code/);
    const before = JSON.parse(await readFile(join(home, 'accounts.json'), 'utf8')) as { accounts: { userPoolId: string }[] };
    await stopDemo(first);
    const second = runDemo(home);
    try {
      await waitFor(second, /demo TOTP code/);
      expect(second.output()).toMatch(/account\s+"demo" updated/);
      const after = JSON.parse(await readFile(join(home, 'accounts.json'), 'utf8')) as { accounts: { userPoolId: string }[] };
      expect(after.accounts).toHaveLength(1);
      expect(after.accounts[0]!.userPoolId).not.toBe(before.accounts[0]!.userPoolId);
    } finally {
      await stopDemo(second);
    }
  });

  it('leaves a real account named demo alone and says what to do', async () => {
    const home = await mkdtemp(join(workDir, 'home-'));
    const foreign = {
      version: 1,
      accounts: [
        {
          name: 'demo',
          region: 'eu-west-1',
          userPoolId: 'eu-west-1_AbC123',
          clientId: 'abc123',
          hasClientSecret: false,
          identityPoolId: 'eu-west-1:0000aaaa-0000-0000-0000-000000000000',
          authFlow: 'srp',
        },
      ],
    };
    const text = `${JSON.stringify(foreign, null, 2)}\n`;
    await writeFile(join(home, 'accounts.json'), text);
    const run = runDemo(home);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/already exists and is not a local demo account.*account remove demo/);
    expect(await readFile(join(home, 'accounts.json'), 'utf8')).toBe(text);
  });
});
