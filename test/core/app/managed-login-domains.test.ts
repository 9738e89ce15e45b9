import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../../main/core/accounts/account-store.js';
import { createAppService, type AppService } from '../../../main/core/app/app-service.js';
import { accountsFile } from '../../../main/core/paths.js';

/**
 * What the Electron shell asks the service instead of reading the account store itself: the managed-login
 * domains its browser allow-list accepts. Real files in a temp home; the broker and keychain are not reached.
 */
describe('AppService.managedLoginDomains', () => {
  let dir: string;
  let home: string;
  let service: AppService;
  const unused = (): never => {
    throw new Error('managedLoginDomains must not reach the broker or the keychain');
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-domains-'));
    home = join(dir, 'home');
    service = createAppService({
      home,
      env: { AWS_CONFIG_FILE: join(dir, 'aws', 'config') },
      broker: { login: unused, logout: unused, status: unused, getCredentials: unused },
      secrets: { get: unused, set: unused, delete: unused, deleteAll: unused, keysOf: unused },
      auth: { refreshSession: unused },
      open: async () => false,
      launcher: { kind: 'executable', path: join(dir, 'cognito-broker') },
    });
  });
  afterEach(async () => {
    service.close();
    await rm(dir, { recursive: true, force: true });
  });

  const account = (name: string, domain?: string) => ({
    name,
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEf123',
    clientId: 'abcdefghijklmnopqrstuvwxyz',
    identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
    ...(domain === undefined ? {} : { hostedUi: { domain, redirectPort: 43123 } }),
  });

  it('lists the domains of the accounts that sign in through managed login, read on every call', async () => {
    expect(await service.managedLoginDomains()).toEqual([]);
    await addAccount(home, account('plain'));
    await addAccount(home, account('fed', 'https://acme.auth.eu-west-1.amazoncognito.com'));
    expect(await service.managedLoginDomains()).toEqual(['https://acme.auth.eu-west-1.amazoncognito.com']);
    await addAccount(home, account('other', 'https://login.example.com'));
    expect(await service.managedLoginDomains()).toEqual(['https://acme.auth.eu-west-1.amazoncognito.com', 'https://login.example.com']);
  });

  it('allows no domain when the accounts file cannot be read', async () => {
    await addAccount(home, account('fed', 'https://acme.auth.eu-west-1.amazoncognito.com'));
    await writeFile(accountsFile(home), '{ not json');
    expect(await service.managedLoginDomains()).toEqual([]);
  });
});
