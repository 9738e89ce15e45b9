import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Account } from '../../main/core/accounts/account.js';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { startBackend } from '../../test/stand-ins/backend.js';
import { startForwardProxy } from '../../test/stand-ins/forward-proxy.js';
import { seedWorld } from '../../test/stand-ins/seed.js';
import { makeTestCa } from '../../test/stand-ins/test-ca.js';
import { startTlsGateway } from '../../test/stand-ins/tls-gateway.js';

/**
 * The company-network figure of `npm run bench`: one seeded backend reached two ways from one broker home —
 * account `direct` over plain http on loopback, account `proxied` over TLS (a test CA in AWS_CA_BUNDLE) under
 * host names only a real forward proxy (squid, HTTPS_PROXY) resolves — so both sign-ins do the same calls.
 */
export interface NetworkWorld {
  password: string;
  direct: { account: string; env: Record<string, string> };
  proxied: { account: string; env: Record<string, string> };
  /** CONNECT lines in the proxy's log so far. */
  proxyConnects(): Promise<number>;
  stop(): Promise<void>;
}

const IDP_HOST = 'cognito-idp.broker.test';
const IDENTITY_HOST = 'cognito-identity.broker.test';

export async function startNetworkWorld(dir: string): Promise<NetworkWorld> {
  await mkdir(dir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const backend = await startBackend();
    stops.push(() => backend.stop());
    const [world, ca] = await Promise.all([seedWorld(backend), makeTestCa(dir, [IDP_HOST, IDENTITY_HOST])]);
    const user = await world.plainUser(['developers']);
    const [idp, identity, proxy] = await Promise.all([
      startTlsGateway(backend.userPoolEndpoint, ca),
      startTlsGateway(backend.identityEndpoint, ca),
      startForwardProxy({ hosts: [IDP_HOST, IDENTITY_HOST] }),
    ]);
    stops.push(
      () => idp.stop(),
      () => identity.stop(),
      () => proxy.stop(),
    );
    const home = join(dir, 'home');
    await mkdir(home, { recursive: true, mode: 0o700 });
    const base = {
      region: backend.region,
      userPoolId: world.userPoolId,
      clientId: world.clientId,
      hasClientSecret: false,
      identityPoolId: world.identityPoolId,
      username: user.username,
      authFlow: 'srp',
    } satisfies Omit<Account, 'name'>;
    const accounts: Account[] = [
      { ...base, name: 'direct', endpoints: { cognitoIdentityProvider: backend.userPoolEndpoint, cognitoIdentity: backend.identityEndpoint } },
      { ...base, name: 'proxied', endpoints: { cognitoIdentityProvider: idp.url(IDP_HOST), cognitoIdentity: identity.url(IDENTITY_HOST) } },
    ];
    await writeFile(join(home, 'accounts.json'), JSON.stringify({ version: 1, accounts }, null, 2), { mode: 0o600 });
    const store = new KeyringStore(home);
    stops.push(async () => {
      for (const a of accounts) await store.deleteAll(a.name);
    });
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      COGNITO_BROKER_HOME: home,
      AWS_CONFIG_FILE: join(dir, 'aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'),
    };
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'AWS_CA_BUNDLE', 'AWS_PROFILE']) delete env[name];
    return {
      password: user.password,
      direct: { account: 'direct', env },
      proxied: { account: 'proxied', env: { ...env, HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: ca.caFile } },
      proxyConnects: async () => (await proxy.log()).filter((line) => / CONNECT /.test(line)).length,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
