import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSessionAuth } from '../../main/core/credentials/default-session-auth.js';
import { startHandOffServer, type HandOffServer } from '../../main/core/hand-off/hand-off-server.js';
import { brokerWorld, childEnv, makeStale, type BrokerWorld } from '../support/broker-world.js';
import { parseProcessOutput, runCli } from '../support/broker-cli.js';

/**
 * The refresh token is revoked (signed out elsewhere): credential-process asks the running app over the
 * hand-off socket. The app side here is the real core the app uses: startHandOffServer whose handler signs
 * the person in with CredentialBroker.login against the real backend.
 */
describe('credential-process hand-off to the app', () => {
  let w: BrokerWorld;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    w = await brokerWorld({ name: 'work', endpointsInEnv: true });
    await w.broker.login(w.account, w.prompter());
    env = childEnv(w);
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  async function revokeAndStale(): Promise<void> {
    const token = await w.store.get(`${w.account.name}/refresh-token`);
    await defaultSessionAuth.revokeRefreshToken(w.account, token as string, { env: w.backend.env() });
    await makeStale(w, 'default');
  }

  it('with the app running: it brings up sign-in, the waiting process then prints fresh credentials', async () => {
    await revokeAndStale();
    const asked: string[] = [];
    let server: HandOffServer | undefined;
    try {
      server = await startHandOffServer({
        home: w.home,
        onSignInRequest: async (account) => {
          asked.push(account);
          await w.broker.login(w.account, w.prompter());
        },
      });
      const run = await runCli(['credential-process', 'work', '--wait', '30'], env);
      expect(run.code).toBe(0);
      const doc = parseProcessOutput(run.stdout);
      expect(asked).toEqual(['work']);
      // The credentials printed are the ones issued after the new sign-in (login fetched them; the waiting
      // process read them from the keychain).
      expect(doc.AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
      // Never a prompt: at most one line telling the person where to sign in.
      const lines = run.stderr.split('\n').filter((l) => l !== '');
      expect(lines.length).toBeLessThanOrEqual(1);
      if (lines[0]) expect(lines[0]).toMatch(/Cognito Broker app/);
    } finally {
      await server?.close();
    }
  });

  it('without the app: non-zero exit at once, telling the person to run login or open the app', async () => {
    await revokeAndStale();
    const run = await runCli(['credential-process', 'work', '--wait', '30'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('cognito-broker login work');
    expect(run.stderr).toMatch(/app/);
    expect(run.ms).toBeLessThan(15_000);
  });

  it('--wait 0 does not ask the app even when it runs', async () => {
    const asked: string[] = [];
    const server = await startHandOffServer({ home: w.home, onSignInRequest: async (a) => void asked.push(a) });
    try {
      const run = await runCli(['credential-process', 'work', '--wait', '0'], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('cognito-broker login work');
      expect(asked).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
