import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { accountSchema, type Account } from '../../../main/core/accounts/account.js';
import { signIn } from '../../../main/core/auth/sign-in.js';
import { BrokerError } from '../../../main/core/errors.js';
import { scriptedPrompter } from './scripted-prompter.js';

/**
 * What actually goes over the wire. A recording proxy on loopback sits between the sign-in and the real
 * backend, so the test sees every request body: with SRP the password must never appear in any of them.
 * A second, scripted server answers with challenges the backend cannot produce (device tracking, required
 * attributes, an unknown challenge) to check the state machine's refusals.
 */
let backend: Backend;
let world: World;
/** A pool and client with choice-based sign-in (USER_AUTH). */
let choiceWorld: World;
let proxy: Server;
let proxyEndpoint = '';
const bodies: string[] = [];

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

function accountAt(endpoint: string, overrides: Partial<Account> = {}): Account {
  return accountSchema.parse({
    name: 'work',
    region: world?.region ?? 'us-east-1',
    userPoolId: world?.userPoolId ?? 'local_stub1',
    clientId: world?.clientId ?? 'stubclient',
    identityPoolId: world?.identityPoolId ?? 'us-east-1:00000000-0000-0000-0000-000000000000',
    endpoints: { cognitoIdentityProvider: endpoint },
    ...overrides,
  });
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  choiceWorld = await seedWorld(backend, { firstFactors: ['PASSWORD', 'EMAIL_OTP'] });
  const target = new URL(backend.userPoolEndpoint);
  proxy = createServer(async (req, res) => {
    const body = await readAll(req);
    bodies.push(body.toString('utf8'));
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.end(body);
  });
  proxyEndpoint = await listen(proxy);
});

afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await backend?.stop();
});

describe('on the wire', () => {
  it('SRP never sends the password (nor its obvious encodings)', async () => {
    const user = await world.plainUser();
    bodies.length = 0;
    await signIn(accountAt(proxyEndpoint), { username: user.username, prompter: scriptedPrompter({ password: [user.password] }), env: {} });
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    const all = bodies.join('\n');
    expect(all).toContain('SRP_A');
    expect(all).toContain('PASSWORD_CLAIM_SIGNATURE');
    for (const form of [user.password, Buffer.from(user.password).toString('base64'), encodeURIComponent(user.password)]) expect(all).not.toContain(form);
  });

  it("choice-based sign-in's password goes through PASSWORD_SRP and is never sent either (preferred, or chosen from SELECT_CHALLENGE)", async () => {
    const user = await choiceWorld.plainUser(undefined, { email: 'wire-choice@example.com' });
    const choice = { authFlow: 'user-auth' as const, userPoolId: choiceWorld.userPoolId, clientId: choiceWorld.clientId };
    const runs: [Partial<Account>, Parameters<typeof scriptedPrompter>[0]][] = [
      [{ firstFactor: 'password' }, { password: [user.password] }],
      [{}, { 'select-factor': ['password'], password: [user.password] }],
    ];
    for (const [overrides, answers] of runs) {
      bodies.length = 0;
      await signIn(accountAt(proxyEndpoint, { ...choice, ...overrides }), { username: user.username, prompter: scriptedPrompter(answers), env: {} });
      const all = bodies.join('\n');
      expect(all).toContain('"USER_AUTH"');
      expect(all).toContain('PASSWORD_SRP');
      expect(all).toContain('PASSWORD_CLAIM_SIGNATURE');
      for (const form of [user.password, Buffer.from(user.password).toString('base64'), encodeURIComponent(user.password)]) expect(all).not.toContain(form);
    }
  });

  it('the password flow (an explicit opt-in) does send it — the recording proxy really sees bodies', async () => {
    const user = await world.plainUser();
    bodies.length = 0;
    await signIn(accountAt(proxyEndpoint, { authFlow: 'password' }), {
      username: user.username,
      prompter: scriptedPrompter({ password: [user.password] }),
      env: {},
    });
    expect(bodies.join('\n')).toContain(user.password);
  });
});

describe('challenges the backend cannot produce', () => {
  let stub: Server;
  let stubEndpoint = '';
  let challenge: { ChallengeName: string; ChallengeParameters: Record<string, string> } = { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: {} };

  beforeAll(async () => {
    // Answers USER_PASSWORD_AUTH with whatever challenge the test sets, in AWS JSON 1.1.
    stub = createServer(async (req, res) => {
      await readAll(req);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ ...challenge, Session: 'stub-session' }));
    });
    stubEndpoint = await listen(stub);
  });

  afterAll(async () => {
    await new Promise((r) => stub?.close(r));
  });

  async function refusal(): Promise<BrokerError> {
    try {
      await signIn(accountAt(stubEndpoint, { authFlow: 'password' }), { username: 'u', prompter: scriptedPrompter({ password: ['p'] }), env: {} });
    } catch (error) {
      expect(error).toBeInstanceOf(BrokerError);
      return error as BrokerError;
    }
    throw new Error('expected a refusal');
  }

  it('device tracking (DEVICE_SRP_AUTH) is a clear error telling the administrator what to change', async () => {
    challenge = { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: {} };
    const error = await refusal();
    expect(error.code).toBe('auth-challenge');
    expect(error.hint).toMatch(/Remember user devices/);
  });

  it('NEW_PASSWORD_REQUIRED with required attributes names them', async () => {
    challenge = {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ChallengeParameters: { requiredAttributes: '["userAttributes.name","userAttributes.family_name"]', userAttributes: '{}' },
    };
    const error = await refusal();
    expect(error.code).toBe('auth-challenge');
    expect(error.message).toContain('name, family_name');
  });

  it('MFA_SETUP that only allows e-mail enrolment is refused clearly', async () => {
    challenge = { ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["EMAIL_OTP"]' } };
    expect((await refusal()).code).toBe('auth-challenge');
  });

  it('an unknown challenge is named', async () => {
    challenge = { ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: {} };
    const error = await refusal();
    expect(error.message).toContain('CUSTOM_CHALLENGE');
  });
});
