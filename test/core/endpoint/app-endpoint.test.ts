import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount, removeAccount } from '../../../main/core/accounts/account-store.js';
import type { AwsCredentials } from '../../../main/core/credentials/aws-credentials.js';
import { startAppEndpoint, type AppEndpoint } from '../../../main/core/endpoint/app-endpoint.js';
import { endpointVariablesFor } from '../../../main/core/endpoint/endpoint-variables.js';
import { BrokerError } from '../../../main/core/errors.js';
import { httpGet } from '../../support/endpoint-http.js';

const account = (name: string) => ({
  name,
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbCdEf123',
  clientId: 'abcdefghijklmnopqrstuvwxyz',
  identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
});
const credentials = (name: string) =>
  Promise.resolve({ accessKeyId: `ASIA${name.toUpperCase()}`, secretAccessKey: 's', sessionToken: 't', expiration: '2030-01-01T00:00:00Z' } as AwsCredentials);

/** The app's endpoint: every account of the home, published under endpoint/app/ for the window and `export`. */
describe('app endpoint', () => {
  let dir: string;
  let home: string;
  let app: AppEndpoint | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-app-endpoint-'));
    home = join(dir, 'home');
    await mkdir(home, { mode: 0o700 });
    await addAccount(home, account('dev'));
  });
  afterEach(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves every account, follows the accounts file, and keeps its URL and token-file path across restarts', async () => {
    app = await startAppEndpoint({ home, credentials });
    await app.sync();
    const dev = await endpointVariablesFor(home, { name: 'dev', region: 'eu-west-1' });
    expect(dev.tokenFile).toBe(join(home, 'endpoint', 'app', 'dev.token'));
    expect(dev.shell).toContain(`export AWS_CONTAINER_CREDENTIALS_FULL_URI=${dev.url}\n`);
    expect(dev.shell).toContain(`export AWS_CONTAINER_AUTHORIZATION_TOKEN="$(cat ${dev.tokenFile})"`);
    const firstToken = await readFile(dev.tokenFile, 'utf8');
    expect(dev.shell).not.toContain(firstToken);
    const reply = await httpGet(dev.url, { authorization: firstToken });
    expect(reply.status).toBe(200);
    expect((JSON.parse(reply.body) as { AccessKeyId: string }).AccessKeyId).toBe('ASIADEV');

    await addAccount(home, account('ops'));
    await app.sync();
    expect((await endpointVariablesFor(home, { name: 'ops', region: 'eu-west-1' })).url).toMatch(/\/credentials\/ops$/);
    await removeAccount(home, 'ops');
    await app.sync();
    await expect(endpointVariablesFor(home, { name: 'ops', region: 'eu-west-1' })).rejects.toBeInstanceOf(BrokerError);

    await app.close();
    app = undefined;
    expect(existsSync(dev.tokenFile)).toBe(false);
    const refused = await endpointVariablesFor(home, { name: 'dev', region: 'eu-west-1' }).catch((e: BrokerError) => e);
    expect((refused as BrokerError).hint).toContain('cognito-broker serve dev');

    app = await startAppEndpoint({ home, credentials });
    await app.sync();
    const again = await endpointVariablesFor(home, { name: 'dev', region: 'eu-west-1' });
    expect(again.url).toBe(dev.url);
    expect(again.tokenFile).toBe(dev.tokenFile);
    expect(await readFile(again.tokenFile, 'utf8')).not.toBe(firstToken);
  });
});
