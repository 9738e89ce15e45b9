import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addAccount,
  findAccount,
  getAccount,
  importAccounts,
  loadAccounts,
  parseImport,
  removeAccount,
  updateAccount,
} from '../../../main/core/accounts/account-store.js';
import type { AccountInput } from '../../../main/core/accounts/account.js';
import { BrokerError } from '../../../main/core/errors.js';
import { accountsFile } from '../../../main/core/paths.js';

const base: AccountInput = {
  name: 'dev',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123',
  clientId: '1example23456789',
  identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
};

async function caught(promise: Promise<unknown> | (() => unknown)): Promise<BrokerError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(BrokerError);
    return error as BrokerError;
  }
  throw new Error('expected a BrokerError');
}

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cb-accounts-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('account store', () => {
  it('starts empty when there is no file', async () => {
    expect(await loadAccounts(home)).toEqual([]);
    expect(await findAccount(home, 'dev')).toBeUndefined();
  });

  it('adds, reads, updates and removes accounts in one versioned JSON file with defaults applied', async () => {
    const added = await addAccount(home, base);
    expect(added).toMatchObject({ name: 'dev', authFlow: 'srp', hasClientSecret: false });
    await addAccount(home, { ...base, name: 'prod', authFlow: 'password', username: 'alice' });
    const file = JSON.parse(await readFile(accountsFile(home), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.accounts.map((a: { name: string }) => a.name)).toEqual(['dev', 'prod']);
    expect((await stat(accountsFile(home))).mode & 0o777).toBe(0o600);

    const updated = await updateAccount(home, 'dev', (current) => ({ ...current, username: 'bob' }));
    expect(updated.username).toBe('bob');
    expect((await getAccount(home, 'dev')).username).toBe('bob');

    const removed = await removeAccount(home, 'dev');
    expect(removed.name).toBe('dev');
    expect((await loadAccounts(home)).map((a) => a.name)).toEqual(['prod']);
  });

  it('refuses a duplicate name and leaves the file as it was', async () => {
    await addAccount(home, base);
    const before = await readFile(accountsFile(home));
    const error = await caught(addAccount(home, { ...base, region: 'us-east-1' }));
    expect(error.code).toBe('account-exists');
    expect(error.message).toBe('An account named "dev" already exists.');
    expect(await readFile(accountsFile(home))).toEqual(before);
  });

  it('refuses renaming through update', async () => {
    await addAccount(home, base);
    const error = await caught(updateAccount(home, 'dev', { ...base, name: 'other' }));
    expect(error.code).toBe('invalid-argument');
    expect(error.hint).toMatch(/Remove it and add it again/);
  });

  it('names the missing account and lists the known ones', async () => {
    await addAccount(home, base);
    const error = await caught(getAccount(home, 'nope'));
    expect(error.code).toBe('account-not-found');
    expect(error.describe()).toBe('There is no account named "nope".\nKnown accounts: dev. Add one with `cognito-broker account add`.');
  });

  it('rejects invalid input naming the field and what is expected', async () => {
    const error = await caught(addAccount(home, { ...base, region: 'Europe' }));
    expect(error.message).toBe('The account is not valid: region: an AWS region such as eu-west-1.');
    const missing = await caught(addAccount(home, { ...base, clientId: undefined } as unknown as AccountInput));
    expect(missing.message).toBe('The account is not valid: clientId: required.');
  });

  it('reports a hand-broken file with its path, the field path and the rule, and never overwrites it', async () => {
    await addAccount(home, base);
    await addAccount(home, { ...base, name: 'prod' });
    const file = accountsFile(home);
    const broken = (await readFile(file, 'utf8')).replace(/"region": "eu-west-1"([\s\S]*?)"region": "eu-west-1"/, '"region": "eu-west-1"$1"region": "Ireland"');
    await writeFile(file, broken);
    const error = await caught(loadAccounts(home));
    expect(error.code).toBe('config-invalid');
    expect(error.message).toBe(`The accounts file ${file} is not valid: accounts[1].region: an AWS region such as eu-west-1.`);
    expect(error.hint).toMatch(/leaves the file unchanged/);

    for (const write of [
      () => addAccount(home, { ...base, name: 'third' }),
      () => removeAccount(home, 'dev'),
      () => updateAccount(home, 'dev', base),
      () => importAccounts(home, JSON.stringify({ ...base, name: 'fourth' })),
    ]) {
      expect((await caught(write)).code).toBe('config-invalid');
      expect(await readFile(file, 'utf8')).toBe(broken);
    }
    expect((await readdir(home)).sort()).toEqual(['accounts.json', 'locks']);
  });

  it('reports JSON syntax errors with a line and column, unknown fields and a secret pasted into the file', async () => {
    const file = accountsFile(home);
    await writeFile(file, '{\n  "version": 1,\n  "accounts": [\n    {"name": "x",}\n  ]\n}\n');
    expect((await caught(loadAccounts(home))).message).toMatch(
      new RegExp(`^The accounts file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid: it is not JSON \\(line 4, column \\d+\\)\\.$`),
    );

    await writeFile(file, JSON.stringify({ version: 1, accounts: [{ ...base, clientSecret: 'do-not-echo-me' }] }));
    const error = await caught(loadAccounts(home));
    expect(error.message).toContain('accounts[0]: unknown field "clientSecret"; secrets are never read from account files');
    expect(error.describe()).not.toContain('do-not-echo-me');

    await writeFile(file, JSON.stringify({ version: 2, accounts: [] }));
    expect((await caught(loadAccounts(home))).message).toContain('version: must be one of 1');

    await writeFile(file, JSON.stringify({ version: 1, accounts: [base, base] }));
    expect((await caught(loadAccounts(home))).message).toContain('accounts[1].name: "dev" appears twice');
  });

  it('says clearly when a folder is where the file should be', async () => {
    await mkdir(accountsFile(home));
    const error = await caught(loadAccounts(home));
    expect(error.code).toBe('config-io');
    expect(error.describe()).toMatch(/EISDIR[\s\S]*A folder is in the way/);
  });

  it('loses no update when many writers add at once', async () => {
    const names = Array.from({ length: 24 }, (_, i) => `acct-${i}`);
    await Promise.all(names.map((name) => addAccount(home, { ...base, name })));
    expect((await loadAccounts(home)).map((a) => a.name).sort()).toEqual([...names].sort());
  });
});

describe('account import', () => {
  it('accepts one object, a list, or a whole accounts file', async () => {
    expect(parseImport(JSON.stringify(base)).map((a) => a.name)).toEqual(['dev']);
    expect(parseImport(JSON.stringify([base, { ...base, name: 'b' }])).map((a) => a.name)).toEqual(['dev', 'b']);
    expect(parseImport(JSON.stringify({ version: 1, accounts: [{ ...base, name: 'c' }] })).map((a) => a.name)).toEqual(['c']);
  });

  it('validates every entry before adding any', async () => {
    await addAccount(home, { ...base, name: 'existing' });
    const before = await readFile(accountsFile(home));
    const error = await caught(
      importAccounts(
        home,
        JSON.stringify([
          { ...base, name: 'ok' },
          { ...base, name: 'bad', identityPoolId: 'nope' },
        ]),
        'team.json',
      ),
    );
    expect(error.message).toBe('team.json is not valid: [1].identityPoolId: an identity pool id such as eu-west-1:1234abcd-....');
    expect(error.hint).toBe('Nothing was imported. Fix the file and run the import again.');
    expect(await readFile(accountsFile(home))).toEqual(before);
  });

  it('refuses names that already exist or repeat, importing nothing', async () => {
    await addAccount(home, base);
    const clash = await caught(importAccounts(home, JSON.stringify([{ ...base, name: 'new' }, base])));
    expect(clash.code).toBe('account-exists');
    expect(clash.message).toBe('Nothing was imported: "dev" already exists.');
    expect((await loadAccounts(home)).map((a) => a.name)).toEqual(['dev']);
    const twice = await caught(
      importAccounts(
        home,
        JSON.stringify([
          { ...base, name: 'x' },
          { ...base, name: 'x' },
        ]),
      ),
    );
    expect(twice.message).toContain('the account name "x" appears twice');
  });

  it('rejects files that are not JSON or hold no accounts', async () => {
    expect((await caught(() => parseImport('nope', 'a.json'))).message).toMatch(/^a\.json is not JSON/);
    expect((await caught(() => parseImport('[]', 'a.json'))).message).toBe('a.json is not valid: it holds no accounts.');
    expect((await caught(() => parseImport('42', 'a.json'))).message).toMatch(/must hold an account object/);
    expect((await caught(() => parseImport(JSON.stringify({ version: 1, accounts: [{ ...base, region: 'x' }] }), 'a.json'))).message).toBe(
      'a.json is not valid: accounts[0].region: an AWS region such as eu-west-1.',
    );
  });

  it('imports into the file', async () => {
    const imported = await importAccounts(home, JSON.stringify([base, { ...base, name: 'b' }]));
    expect(imported.map((a) => a.name)).toEqual(['dev', 'b']);
    expect((await loadAccounts(home)).map((a) => a.name)).toEqual(['dev', 'b']);
  });
});
