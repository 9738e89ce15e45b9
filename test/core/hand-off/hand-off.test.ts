import { createConnection } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addAccount } from '../../../main/core/accounts/account-store.js';
import { BrokerError } from '../../../main/core/errors.js';
import { requestSignInFromApp } from '../../../main/core/hand-off/hand-off-client.js';
import { handOffSecretPath, handOffSocketPath } from '../../../main/core/hand-off/hand-off-protocol.js';
import { startHandOffServer, type HandOffServer } from '../../../main/core/hand-off/hand-off-server.js';
import { rejection } from '../../support/rejection.js';

/** Both sides of the hand-off socket, over a real Unix domain socket in a temp broker home. */
describe('hand-off socket', () => {
  let dir: string;
  let home: string;
  let server: HandOffServer | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-hand-off-'));
    home = join(dir, 'home');
    // The app hears requests only for accounts it has.
    await addAccount(home, {
      name: 'work',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEf123',
      clientId: 'abcdefghijklmnopqrstuvwxyz',
      identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
    });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('the app signs the account in and the waiting client is told so; socket and secret are user-only', async () => {
    const asked: string[] = [];
    server = await startHandOffServer({ home, onSignInRequest: async (account) => void asked.push(account) });
    let accepted = false;
    await requestSignInFromApp(home, 'work', { waitMs: 5_000, onAccepted: () => (accepted = true) });
    expect(asked).toEqual(['work']);
    expect(accepted).toBe(true);
    expect((await stat(handOffSocketPath(home))).mode & 0o777).toBe(0o600);
    expect((await stat(handOffSecretPath(home))).mode & 0o777).toBe(0o600);
    expect((await stat(home)).mode & 0o077).toBe(0);
  });

  it('concurrent requests for one account share one sign-in', async () => {
    let calls = 0;
    let finish: () => void = () => undefined;
    server = await startHandOffServer({
      home,
      onSignInRequest: () => {
        calls++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    const waiting = Promise.all([1, 2, 3].map(() => requestSignInFromApp(home, 'work', { waitMs: 5_000 })));
    await new Promise((r) => setTimeout(r, 300));
    finish();
    await waiting;
    expect(calls).toBe(1);
  });

  it("a sign-in the person abandons in the app → session-expired with the app's reason", async () => {
    server = await startHandOffServer({
      home,
      onSignInRequest: async () => {
        throw new BrokerError('cancelled', 'The sign-in was cancelled.', { hint: 'Run `cognito-broker login work`.' });
      },
    });
    const error = await rejection(requestSignInFromApp(home, 'work', { waitMs: 5_000 }));
    expect(error.code).toBe('session-expired');
    expect(error.message).toContain('cancelled');
  });

  it('a request for an account the app does not have is refused at once, and the app is never asked', async () => {
    let calls = 0;
    server = await startHandOffServer({ home, onSignInRequest: async () => void calls++ });
    let accepted = false;
    const error = await rejection(requestSignInFromApp(home, 'nobody', { waitMs: 5_000, onAccepted: () => (accepted = true) }));
    expect(error.message).toBe('The app could not sign nobody in: There is no account named "nobody" in the app.');
    expect(error.hint).toMatch(/account add/);
    expect(accepted).toBe(false);
    expect(calls).toBe(0);
  });

  it('bounds the clients waiting for a sign-in: one more is refused with a sentence, the others still hear the outcome', async () => {
    let finish: () => void = () => undefined;
    server = await startHandOffServer({ home, maxWaiting: 3, onSignInRequest: () => new Promise<void>((resolve) => (finish = resolve)) });
    let accepted = 0;
    const waiting = [1, 2, 3].map(() => requestSignInFromApp(home, 'work', { waitMs: 5_000, onAccepted: () => accepted++ }));
    await vi.waitFor(() => expect(accepted).toBe(3));
    const extra = await rejection(requestSignInFromApp(home, 'work', { waitMs: 5_000 }));
    expect(extra.message).toBe('The app could not sign work in: Too many commands (3) are already waiting for a sign-in in the app.');
    finish();
    await Promise.all(waiting);
    // Freed slots are usable again.
    const again = requestSignInFromApp(home, 'work', { waitMs: 5_000 });
    await vi.waitFor(() => finish !== undefined);
    await new Promise((r) => setTimeout(r, 100));
    finish();
    await again;
  });

  it('a client without the per-install secret is not heard: the app is never asked', async () => {
    let calls = 0;
    server = await startHandOffServer({ home, onSignInRequest: async () => void calls++ });
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = createConnection(handOffSocketPath(home));
      let data = '';
      socket.on('connect', () => socket.write(`${JSON.stringify({ v: 1, secret: '0'.repeat(64), op: 'sign-in', account: 'work' })}\n`));
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(JSON.parse(reply.trim())).toMatchObject({ status: 'failed' });
    expect(calls).toBe(0);
  });

  it('no app running: a clear error that says what to run, at once', async () => {
    const none = await rejection(requestSignInFromApp(home, 'work', { waitMs: 30_000 }));
    expect(none.code).toBe('session-expired');
    expect(none.describe()).toContain('cognito-broker login work');
    // The app ran once (secret exists) but is gone now, its socket file left behind.
    server = await startHandOffServer({ home, onSignInRequest: async () => undefined });
    await server.close();
    server = undefined;
    const gone = await rejection(requestSignInFromApp(home, 'work', { waitMs: 30_000 }));
    expect(gone.describe()).toContain('not running');
  });

  it('the wait ends before the person signs in → an error naming the wait', async () => {
    server = await startHandOffServer({ home, onSignInRequest: () => new Promise<void>(() => undefined) });
    const error = await rejection(requestSignInFromApp(home, 'work', { waitMs: 300 }));
    expect(error.code).toBe('session-expired');
    expect(error.message).toMatch(/within 1 s/);
  });

  it('a socket left by a crashed app is replaced; a live app is never taken over', async () => {
    // A real socket file whose listener died with SIGKILL (node cannot unlink it then).
    await mkdir(home, { recursive: true, mode: 0o700 });
    const crashed = spawn(
      process.execPath,
      ['-e', `require('net').createServer().listen(${JSON.stringify(handOffSocketPath(home))}, () => console.log('up'))`],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await new Promise((resolve) => crashed.stdout?.once('data', resolve));
    crashed.kill('SIGKILL');
    await new Promise((resolve) => crashed.once('exit', resolve));
    expect((await stat(handOffSocketPath(home))).isSocket()).toBe(true);
    server = await startHandOffServer({ home, onSignInRequest: async () => undefined });
    const second = await rejection(startHandOffServer({ home, onSignInRequest: async () => undefined }));
    expect(second.message).toMatch(/already/);
    await requestSignInFromApp(home, 'work', { waitMs: 5_000 });
  });
});
