import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirectUri, signedOutUri } from '../../main/core/federation/hosted-ui-urls.js';
import { freePort } from '../stand-ins/aws-json.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { seedWorld, type World } from '../stand-ins/seed.js';
import { startManagedLogin, type ManagedLoginServer } from '../stand-ins/managed-login-server.js';
import { cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';

/**
 * `login` of an account with managed login (hostedUi): the CLI prints the address on stderr, opens
 * $BROWSER (here a small script that fills in the sign-in form like a person), receives the code on its
 * loopback address and then stores and uses the session like any other — against the managed-login
 * stand-in in front of the real test backend.
 */
let backend: Backend;
let world: World;
let login: ManagedLoginServer;
let box: CliSandbox;

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  box = await cliSandbox();
});

afterAll(async () => {
  expectCleanRuns(box?.outputs ?? []);
  await box?.cleanup();
  await login?.stop();
  await backend?.stop();
});

describe('login with managed login', () => {
  it('signs in through the browser, then status shows the session and logout revokes it', async () => {
    const user = await world.plainUser(['developers']);
    const port = await freePort();
    const hostedUi = { redirectPort: port, redirectPath: '/callback', scopes: ['openid', 'email', 'profile'] };
    login = await startManagedLogin({
      userPoolEndpoint: backend.userPoolEndpoint,
      region: backend.region,
      clients: [{ clientId: world.clientId, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] }],
    });
    // Managed login is configured by an administrator's file (there is no flag for it).
    const file = join(box.dir, 'federated.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'fed',
        region: world.region,
        userPoolId: world.userPoolId,
        clientId: world.clientId,
        identityPoolId: world.identityPoolId,
        endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint },
        hostedUi: { ...hostedUi, domain: login.domain },
      }),
    );
    expect((await box.run(['account', 'import', file])).code).toBe(0);
    expect(JSON.parse((await box.run(['account', 'show', 'fed', '--json'])).stdout).hostedUi.domain).toBe(login.domain);

    const browser = `${process.execPath} ${join(__dirname, 'fixtures', 'form-browser.cjs')}`;
    const r = await box.run(['login', 'fed'], { env: { BROWSER: browser, FORM_BROWSER_USERNAME: user.username, FORM_BROWSER_PASSWORD: user.password } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `^Opened your browser to sign in\\. If it did not open, go to:\\n  ${login.domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/oauth2/authorize\\?`,
      ),
    );
    expect(r.stderr).not.toContain(user.password);
    expect(r.stdout).toContain(`Signed in to "fed" as ${user.username}`);
    expect(login.issuedCodes).toHaveLength(1);

    const status = JSON.parse((await box.run(['status', 'fed', '--json'])).stdout);
    expect(status).toMatchObject({ signedIn: true, username: user.username });
    const out = await box.run(['logout', 'fed']);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/the refresh token was revoked/);
  });
});
