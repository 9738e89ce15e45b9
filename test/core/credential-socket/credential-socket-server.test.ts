import { lstatSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsCredentials } from '../../../main/core/credentials/aws-credentials.js';
import { askRunningBroker } from '../../../main/core/credential-socket/credential-socket-client.js';
import { credentialSocketPath, credentialSocketSecretPath } from '../../../main/core/credential-socket/credential-socket-protocol.js';
import { startCredentialSocket, type CredentialSocket } from '../../../main/core/credential-socket/credential-socket-server.js';
import { BrokerError } from '../../../main/core/errors.js';
import { ensureHandOffSecret } from '../../../main/core/hand-off/hand-off-secret.js';

/**
 * The credential socket's server on its own, with an `answer` of the test's (the real one, the app's broker,
 * is covered through the built CLI in test/cli/credential-process-socket.test.ts): who is heard, what is
 * answered, and that a running server is never taken over.
 */
const credentials: AwsCredentials = {
  accessKeyId: 'ASIATESTTESTTESTTEST',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: new Date(Date.now() + 3_600_000).toISOString(),
  roleArn: 'arn:aws:iam::123456789012:role/Dev',
  identityId: 'us-east-1:0000',
};

let dir: string;
let home: string;
let server: CredentialSocket | undefined;
const asked: [string, string | undefined][] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-socket-'));
  home = join(dir, 'home');
  await mkdir(home, { mode: 0o700 });
  asked.length = 0;
  server = await startCredentialSocket({
    home,
    answer: async (account, roleArn) => {
      asked.push([account, roleArn]);
      if (account === 'signed-out') throw new BrokerError('not-signed-in', 'signed-out is not signed in.', { hint: 'Run `cognito-broker login signed-out`.' });
      return credentials;
    },
  });
});
afterEach(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** One raw request line; every reply line the server sent before it closed. */
async function exchange(line: string): Promise<Record<string, unknown>[]> {
  const socket = createConnection(credentialSocketPath(home));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.write(line);
  await new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const secret = () => readFileSync(credentialSocketSecretPath(home), 'utf8').trim();

describe('credential socket server', () => {
  it('listens on a 0600 socket in the home, with a 0600 key of 32 random bytes', () => {
    expect(server?.path).toBe(credentialSocketPath(home));
    expect(lstatSync(credentialSocketPath(home)).mode & 0o777).toBe(0o600);
    expect(lstatSync(credentialSocketSecretPath(home)).mode & 0o777).toBe(0o600);
    expect(secret()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers a client with the key: accepted, then the credentials as the keychain keeps them', async () => {
    const replies = await exchange(`${JSON.stringify({ v: 1, secret: secret(), account: 'work', roleArn: credentials.roleArn })}\n`);
    expect(replies.map((r) => r.status)).toEqual(['accepted', 'ok']);
    expect(JSON.parse(replies[1]?.credentials as string)).toEqual(credentials);
    expect(asked).toEqual([['work', credentials.roleArn]]);
  });

  it.each([
    ['a wrong key', (key: string) => ({ v: 1, secret: `${key.slice(0, 63)}${key.endsWith('0') ? '1' : '0'}`, account: 'work' })],
    ['no key', () => ({ v: 1, account: 'work' })],
    ['the hand-off key', (_key: string, handOffKey: string) => ({ v: 1, secret: handOffKey, account: 'work' })],
    ['another protocol version', (key: string) => ({ v: 2, secret: key, account: 'work' })],
    ['an account name that is not one', (key: string) => ({ v: 1, secret: key, account: '../work' })],
    ['a role that is not an ARN', (key: string) => ({ v: 1, secret: key, account: 'work', roleArn: 'admin' })],
  ])('refuses %s without asking the broker', async (_what, request) => {
    const replies = await exchange(`${JSON.stringify(request(secret(), await ensureHandOffSecret(home)))}\n`);
    expect(replies).toEqual([{ status: 'failed', code: 'invalid-argument', message: 'The request was not authenticated.' }]);
    expect(asked).toEqual([]);
  });

  it('refuses a request line longer than it reads', async () => {
    const replies = await exchange('x'.repeat(10_000));
    expect(replies).toEqual([{ status: 'failed', code: 'invalid-argument', message: 'The request is too long.' }]);
    expect(asked).toEqual([]);
  });

  it("passes the broker's error on as `failed`, which the client treats as no answer", async () => {
    const replies = await exchange(`${JSON.stringify({ v: 1, secret: secret(), account: 'signed-out' })}\n`);
    expect(replies).toEqual([
      { status: 'accepted' },
      { status: 'failed', code: 'not-signed-in', message: 'signed-out is not signed in.', hint: 'Run `cognito-broker login signed-out`.' },
    ]);
    await expect(askRunningBroker(home, 'signed-out', undefined)).resolves.toBeUndefined();
  });

  it('the client (credential-process side) gets the credentials, and says when the server accepted', async () => {
    let accepted = false;
    const text = await askRunningBroker(home, 'work', undefined, { onAccepted: () => (accepted = true) });
    expect(accepted).toBe(true);
    expect(JSON.parse(text as string)).toEqual(credentials);
    expect(asked).toEqual([['work', undefined]]);
  });

  it('a second server for the same home serves nothing and leaves the running one answering', async () => {
    const second = await startCredentialSocket({ home, answer: async () => Promise.reject(new Error('the second server answered')) });
    expect(second).toBeUndefined();
    expect(JSON.parse((await askRunningBroker(home, 'work', undefined)) as string)).toEqual(credentials);
  });

  it('closing removes the socket file, and the client then finds nothing to ask', async () => {
    await server?.close();
    server = undefined;
    expect(() => lstatSync(credentialSocketPath(home))).toThrow();
    await expect(askRunningBroker(home, 'work', undefined)).resolves.toBeUndefined();
  });
});
