import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { startFederationEndpoint, type FederationEndpoint } from '../../stand-ins/federation-endpoint.js';
import { cliSandbox, expectCleanRuns, type CliSandbox } from '../../support/cli-harness.js';

/**
 * The built `cognito-broker` running the self-service and console commands as a person or a script would:
 * real processes, the test backend, the keychain, and the federation endpoint stand-in. No password, key or
 * console sign-in token may reach stdout or stderr except where asked for (`console --print`).
 */
let backend: Backend;
let world: World;
let federation: FederationEndpoint;
let box: CliSandbox;
const PASSWORD = 'Built-Signup-Passw0rd';
const NEW_PASSWORD = 'Built-Changed-Passw0rd';

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  federation = await startFederationEndpoint({
    verify: (c) => backend.issued.some((i) => i.accessKeyId === c.accessKeyId && i.secretAccessKey === c.secretAccessKey && i.sessionToken === c.sessionToken),
  });
  box = await cliSandbox({ COGNITO_BROKER_FEDERATION_ENDPOINT: federation.url });
  const file = join(box.dir, 'work.json');
  await writeFile(
    file,
    JSON.stringify({
      name: 'work',
      region: world.region,
      userPoolId: world.userPoolId,
      clientId: world.clientId,
      identityPoolId: world.identityPoolId,
      authFlow: 'password',
      endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint },
    }),
  );
  expect((await box.run(['account', 'import', file])).code).toBe(0);
});

afterAll(async () => {
  expectCleanRuns(box?.outputs ?? []);
  box?.assertNoSecrets([PASSWORD, NEW_PASSWORD, ...(backend?.issued ?? []).flatMap((i) => [i.secretAccessKey, i.sessionToken])]);
  await box?.cleanup();
  await federation?.stop();
  await backend?.stop();
});

describe('the built cognito-broker: signup, login, password, mfa, console', () => {
  it('has --help for every new command', async () => {
    for (const command of [
      ['signup'],
      ['signup', 'confirm'],
      ['signup', 'resend'],
      ['password', 'forgot'],
      ['password', 'reset'],
      ['password', 'change'],
      ['mfa', 'status'],
      ['mfa', 'enable-totp'],
      ['mfa', 'disable-totp'],
      ['mfa', 'prefer'],
      ['console'],
    ]) {
      const r = await box.run([...command, '--help']);
      expect(r.code, `${command.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: cognito-broker ${command.join(' ')} `));
    }
  });

  it('signs a user up, confirms, signs in, changes the password and reads the MFA state', async () => {
    const signup = await box.run(['signup', 'work', '--username', 'built-user', '--email', 'built-user@example.com', '--password-stdin'], {
      input: `${PASSWORD}\n`,
    });
    expect(signup.code, signup.stderr).toBe(0);
    expect(signup.stdout).toContain('Confirm with: cognito-broker signup confirm work --username built-user (it asks for the code)');

    // A code in argv (readable by every local user) is refused before any call, saying how to give it instead.
    const inArgv = await box.run(['signup', 'confirm', 'work', '--username', 'built-user', '--code', backend.code]);
    expect(inArgv.code).toBe(2);
    expect(inArgv.stderr).toBe(
      'cognito-broker: --code is no longer accepted: a code in the command line can be read by every user of this computer.\n' +
        'Leave it out and type the code when asked, or pipe it in with --code-stdin (see `cognito-broker signup confirm --help`).\n',
    );
    const wrong = await box.run(['signup', 'confirm', 'work', '--username', 'built-user', '--code-stdin'], { input: '000000\n' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toBe('cognito-broker: That code is not right.\nCheck the code in the message and try again.\n');

    expect((await box.run(['signup', 'confirm', 'work', '--username', 'built-user', '--code-stdin'], { input: `${backend.code}\n` })).code).toBe(0);
    const login = await box.run(['login', 'work', '--username', 'built-user', '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(login.code, login.stderr).toBe(0);

    const change = await box.run(['password', 'change', 'work', '--password-stdin'], { input: `${PASSWORD}\n${NEW_PASSWORD}\n` });
    expect(change.code, change.stderr).toBe(0);
    expect(change.stdout).toBe('The password for "work" was changed.\n');

    const mfa = await box.run(['mfa', 'status', 'work', '--json']);
    expect(mfa.stdout).toBe('{"enabled":[],"preferred":null}\n');
  });

  it('prints the console sign-in URL only with --print, and otherwise says how to get it', async () => {
    const printed = await box.run(['console', 'work', '--print']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stderr).toBe('');
    const url = new URL(printed.stdout.trim());
    expect(url.searchParams.get('Action')).toBe('login');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);

    // No display and no $BROWSER: nothing can be opened, and the URL is not shown.
    const noBrowser = await box.run(['console', 'work'], { env: { DISPLAY: '', WAYLAND_DISPLAY: '', BROWSER: '' } });
    expect(noBrowser.code).not.toBe(0);
    expect(noBrowser.stdout).toBe('');
    expect(noBrowser.stderr).toMatch(/^cognito-broker: No browser could be opened on this machine\.\nRun `cognito-broker console work --print`/);
    expect(noBrowser.stderr).not.toContain('SigninToken');
  });
});
