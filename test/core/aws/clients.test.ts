import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeUserPoolCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { identityPoolClient, userPoolClient, MAX_ATTEMPTS } from '../../../main/core/aws/clients.js';

/**
 * The broker's SDK clients must never look for AWS credentials on their own: the default chain would read
 * AWS_PROFILE, whose credential_process may be the broker itself. A real profile with a credential_process
 * that leaves a marker file proves the chain is never walked, for unsigned and signed calls alike.
 */
let dir: string;
let server: Server;
let endpoint = '';
const seen: { target: string; authorization?: string }[] = [];
const saved: Record<string, string | undefined> = {};
const marker = () => join(dir, 'credential-process-ran');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'broker-clients-'));
  const script = join(dir, 'creds.sh');
  await writeFile(script, `#!/bin/sh\ntouch '${marker()}'\necho '{"Version":1,"AccessKeyId":"AKIAEXAMPLE","SecretAccessKey":"x"}'\n`, { mode: 0o755 });
  await writeFile(join(dir, 'config'), `[profile trap]\ncredential_process = ${script}\nregion = us-east-1\n`);
  for (const k of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) saved[k] = process.env[k];
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  process.env.AWS_PROFILE = 'trap';
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  server = createServer((req, res) => {
    seen.push({ target: String(req.headers['x-amz-target']), ...(req.headers.authorization ? { authorization: String(req.headers.authorization) } : {}) });
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'NotAuthorizedException', message: 'stub refusal' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await new Promise((r) => server?.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe('SDK clients', () => {
  const account = () => ({ region: 'us-east-1', endpoints: { cognitoIdentityProvider: endpoint, cognitoIdentity: endpoint } });

  it('send unsigned calls without resolving any credentials', async () => {
    seen.length = 0;
    const idp = userPoolClient(account(), { env: {} });
    const identity = identityPoolClient(account(), { env: {} });
    await expect(
      idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c', AuthParameters: { USERNAME: 'u', PASSWORD: 'p' } })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(identity.send(new GetIdCommand({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    idp.destroy();
    identity.destroy();
    expect(seen.map((s) => s.target)).toEqual(['AWSCognitoIdentityProviderService.InitiateAuth', 'AWSCognitoIdentityService.GetId']);
    expect(seen.every((s) => s.authorization === undefined)).toBe(true);
    expect(existsSync(marker())).toBe(false);
  });

  it('refuse a signed call without explicit credentials instead of walking the provider chain', async () => {
    seen.length = 0;
    const idp = userPoolClient(account(), { env: {} });
    await expect(idp.send(new DescribeUserPoolCommand({ UserPoolId: 'local_x' }))).rejects.toThrow(/no AWS credentials/);
    idp.destroy();
    expect(seen).toEqual([]);
    expect(existsSync(marker())).toBe(false);
  });

  it('sign a call with the credentials they are given', async () => {
    seen.length = 0;
    const idp = userPoolClient(account(), { env: {}, credentials: { accessKeyId: 'AKIDEXPLICIT', secretAccessKey: 'x' } });
    await expect(idp.send(new DescribeUserPoolCommand({ UserPoolId: 'local_x' }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    idp.destroy();
    expect(seen[0]?.authorization).toContain('Credential=AKIDEXPLICIT/');
  });

  it('do not retry a client error (a wrong code must not be sent twice)', async () => {
    seen.length = 0;
    const idp = userPoolClient(account(), { env: {} });
    await expect(
      idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c', AuthParameters: { USERNAME: 'u', PASSWORD: 'p' } })),
    ).rejects.toThrow();
    idp.destroy();
    expect(seen).toHaveLength(1);
    expect(MAX_ATTEMPTS).toBeGreaterThanOrEqual(1);
  });
});
