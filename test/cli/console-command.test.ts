import { createConsoleCommand } from '../../main/cli/commands/console.js';
import { FEDERATION_ENDPOINT_VARIABLE } from '../../main/core/composition/broker-settings.js';
import type { BrokerError } from '../../main/core/errors.js';
import { brokerWorld, type BrokerWorld } from '../support/broker-world.js';
import { startFederationEndpoint, type FederationEndpoint } from '../stand-ins/federation-endpoint.js';
import { recordingIo } from './self-service/cli-io.js';
import { roleArn } from '../stand-ins/seed.js';

/**
 * `cognito-broker console` on the real backend and keychain: credentials from the identity pool, the URL
 * through the federation endpoint stand-in, opened through the injected browser or printed on request only.
 */
let bw: BrokerWorld;
let federation: FederationEndpoint;

beforeAll(async () => {
  bw = await brokerWorld({ name: 'consoled', groups: ['developers'] });
  federation = await startFederationEndpoint({
    verify: (c) =>
      bw.backend.issued.some((i) => i.accessKeyId === c.accessKeyId && i.secretAccessKey === c.secretAccessKey && i.sessionToken === c.sessionToken),
  });
  await bw.broker.login(bw.account, bw.prompter());
});

afterAll(async () => {
  await federation?.stop();
  await bw?.cleanup();
});

const env = () => ({ [FEDERATION_ENDPOINT_VARIABLE]: federation.url });

describe('console command', () => {
  it('opens the console in the browser through a one-time loopback address, without printing the URL', async () => {
    const opened: string[] = [];
    const statuses: number[] = [];
    let location = '';
    const command = createConsoleCommand(async (url) => {
      opened.push(url);
      // The browser: follows the address once; a second request (someone who read its argv) is refused.
      void (async () => {
        const first = await fetch(url, { redirect: 'manual' });
        location = first.headers.get('location') ?? '';
        statuses.push(first.status);
        statuses.push(
          await fetch(url, { redirect: 'manual' }).then(
            (r) => r.status,
            () => 0,
          ),
        );
      })();
      return true;
    });
    const io = recordingIo(bw.home, env());
    expect(await command.run({ positionals: ['consoled'], values: { destination: 'https://console.aws.amazon.com/ec2/home' } }, io)).toBe(0);
    expect(opened).toHaveLength(1);
    // What a browser's argv would show: a loopback address with no sign-in token.
    expect(opened[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
    expect(opened[0]).not.toMatch(/SigninToken|federation/);
    await vi.waitFor(() => expect(statuses).toHaveLength(2));
    expect(statuses[0]).toBe(302);
    expect(statuses[1]).not.toBe(302);
    const token = new URL(location).searchParams.get('SigninToken')!;
    expect(token).toBeTruthy();
    expect(io.out).toBe(`Opened the AWS console for "consoled" as ${roleArn('BrokerDeveloper')} in your browser.\n`);
    expect(io.out + io.err).not.toContain(token);
    const login = await fetch(location, { redirect: 'manual' });
    expect(login.headers.get('location')).toBe('https://console.aws.amazon.com/ec2/home');
    expect(federation.logins.at(-1)?.accessKeyId).toBe(bw.backend.issued.at(-1)!.accessKeyId);
  });

  it('prints the URL on stdout only with --print', async () => {
    const command = createConsoleCommand(async () => {
      throw new Error('must not open a browser with --print');
    });
    const io = recordingIo(bw.home, env());
    await command.run({ positionals: ['consoled'], values: { print: true, duration: '3600' } }, io);
    const url = new URL(io.out.trim());
    expect(url.searchParams.get('Action')).toBe('login');
    expect(io.err).toBe('');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
    expect(federation.logins.at(-1)?.sessionDurationSeconds).toBe(3600);
  });

  it('says what to do when no browser can be opened, without the URL', async () => {
    const command = createConsoleCommand(async () => false);
    const io = recordingIo(bw.home, env());
    const error = (await command.run({ positionals: ['consoled'], values: {} }, io).catch((e: unknown) => e)) as BrokerError;
    expect(error.message).toBe('No browser could be opened on this machine.');
    expect(error.hint).toContain('cognito-broker console consoled --print');
    expect(error.describe()).not.toMatch(/SigninToken|federation\?/);
    expect(io.out + io.err).toBe('');
  });

  it('refuses a destination that is not https', async () => {
    const command = createConsoleCommand(async () => true);
    const error = (await command
      .run({ positionals: ['consoled'], values: { destination: 'http://example.com' } }, recordingIo(bw.home, env()))
      .catch((e: unknown) => e)) as BrokerError;
    expect(error.code).toBe('invalid-argument');
  });
});
