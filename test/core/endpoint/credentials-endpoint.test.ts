import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsCredentials } from '../../../main/core/credentials/aws-credentials.js';
import { startCredentialsEndpoint, type CredentialsEndpoint } from '../../../main/core/endpoint/credentials-endpoint.js';
import { findServedRoute } from '../../../main/core/endpoint/endpoint-record.js';
import { BrokerError } from '../../../main/core/errors.js';
import { httpGet } from '../../support/endpoint-http.js';

const ROLE = 'arn:aws:iam::123456789012:role/Developer';
const CREDS: AwsCredentials = {
  accessKeyId: 'ASIAENDPOINTTEST0001',
  secretAccessKey: 'secret-of-the-test',
  sessionToken: 'session-of-the-test',
  expiration: '2030-01-01T00:00:00Z',
  roleArn: ROLE,
  identityId: 'us-east-1:0000',
};

/** The endpoint's HTTP rules on a real loopback server, with a credentials source that counts its calls. */
describe('credentials endpoint', () => {
  let dir: string;
  let home: string;
  let endpoint: CredentialsEndpoint | undefined;
  let calls: string[];
  let fail: BrokerError | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-endpoint-'));
    home = join(dir, 'home');
    await mkdir(home, { mode: 0o700 });
    calls = [];
    fail = undefined;
    endpoint = await startCredentialsEndpoint({
      home,
      publish: 'serve',
      credentials: async (account, roleArn) => {
        calls.push(`${account}:${roleArn ?? 'default'}`);
        await new Promise((r) => setTimeout(r, 50));
        if (fail) throw fail;
        return CREDS;
      },
    });
  });
  afterEach(async () => {
    await endpoint?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the container-credentials JSON for the route its token belongs to', async () => {
    const route = await endpoint!.addRoute('dev');
    expect(route.fullUri).toBe(`http://127.0.0.1:${endpoint!.port}/credentials/dev`);
    const reply = await httpGet(route.fullUri, { authorization: route.token });
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(reply.body)).toEqual({
      AccessKeyId: CREDS.accessKeyId,
      SecretAccessKey: CREDS.secretAccessKey,
      Token: CREDS.sessionToken,
      Expiration: CREDS.expiration,
    });
    expect(calls).toEqual(['dev:default']);
  });

  it('publishes a 0600 token file holding exactly the token, and a record with no token in it', async () => {
    const route = await endpoint!.addRoute('dev', ROLE);
    expect(route.tokenFile).toBeDefined();
    expect(await readFile(route.tokenFile!, 'utf8')).toBe(route.token);
    expect((await stat(route.tokenFile!)).mode & 0o777).toBe(0o600);
    const served = await findServedRoute(home, 'dev', ROLE);
    expect(served).toMatchObject({ fullUri: route.fullUri, tokenFile: route.tokenFile });
    const record = await readFile(join(home, 'endpoint', `serve-${endpoint!.port}`, 'endpoint.json'), 'utf8');
    expect(record).not.toContain(route.token);
    expect(await findServedRoute(home, 'dev', undefined)).toBeUndefined();
  });

  it('refuses a missing token (401), a wrong one (403), a foreign Host (403), POST (405) and another path (404)', async () => {
    const route = await endpoint!.addRoute('dev');
    const other = await endpoint!.addRoute('ops');
    const port = endpoint!.port;
    expect((await httpGet(route.fullUri)).status).toBe(401);
    expect((await httpGet(route.fullUri, { authorization: 'x'.repeat(route.token.length) })).status).toBe(403);
    expect((await httpGet(route.fullUri, { authorization: `${route.token}x` })).status).toBe(403);
    const foreign = await httpGet(route.fullUri, { authorization: route.token, host: `attacker.example:${port}` });
    expect(foreign.status).toBe(403);
    expect((JSON.parse(foreign.body) as { Code: string }).Code).toBe('ForeignHost');
    expect((await httpGet(route.fullUri, { authorization: route.token, host: `127.0.0.1:${port + 1}` })).status).toBe(403);
    const post = await httpGet(route.fullUri, { authorization: route.token, method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expect((await httpGet(`http://127.0.0.1:${port}/credentials/nobody`, { authorization: route.token })).status).toBe(404);
    expect((await httpGet(`http://127.0.0.1:${port}/`, { authorization: route.token })).status).toBe(404);
    // A token of one account does not open another's path.
    expect((await httpGet(other.fullUri, { authorization: route.token })).status).toBe(403);
    expect(calls).toEqual([]);
    // The loopback names that are ours are all accepted.
    for (const host of [`localhost:${port}`, `[::1]:${port}`, `127.0.0.1:${port}`]) {
      expect((await httpGet(route.fullUri, { authorization: route.token, host })).status).toBe(200);
    }
  });

  it('answers a failure with a status and a sentence the SDKs show, never a stack', async () => {
    const route = await endpoint!.addRoute('dev');
    fail = new BrokerError('not-signed-in', 'Account dev is not signed in.', { hint: 'Run `cognito-broker login dev`.' });
    const reply = await httpGet(route.fullUri, { authorization: route.token });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toEqual({ Code: 'NotSignedIn', Message: 'Account dev is not signed in. Run `cognito-broker login dev`.' });
    fail = new BrokerError('keychain-locked', 'The keychain is locked.', { hint: 'Unlock it.' });
    expect((await httpGet(route.fullUri, { authorization: route.token })).status).toBe(503);
    fail = new BrokerError('role-not-allowed', 'Your groups do not grant that role.');
    expect((await httpGet(route.fullUri, { authorization: route.token })).status).toBe(403);
  });

  it('a route removed, or the endpoint closed, takes its token file with it', async () => {
    const dev = await endpoint!.addRoute('dev');
    const ops = await endpoint!.addRoute('ops');
    await endpoint!.removeRoute('dev');
    expect(existsSync(dev.tokenFile!)).toBe(false);
    expect((await httpGet(dev.fullUri, { authorization: dev.token })).status).toBe(403);
    await endpoint!.close();
    endpoint = undefined;
    expect(existsSync(ops.tokenFile!)).toBe(false);
    expect(await findServedRoute(home, 'ops', undefined)).toBeUndefined();
  });

  it('gives every run new tokens', async () => {
    const first = await endpoint!.addRoute('dev');
    await endpoint!.close();
    endpoint = await startCredentialsEndpoint({ home, publish: 'serve', credentials: () => Promise.resolve(CREDS) });
    const second = await endpoint.addRoute('dev');
    expect(second.token).not.toBe(first.token);
    expect((await httpGet(second.fullUri, { authorization: first.token })).status).toBe(403);
  });
});
