import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { addProfile } from '../../main/core/aws-config/profile-store.js';
import { awsConfigLocation } from '../../main/core/aws-config/config-location.js';
import { accountsFile } from '../../main/core/paths.js';
import { CLI, cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';

const POOL = ['--user-pool-id', 'eu-west-1_AbC123', '--client-id', '1example23456789', '--identity-pool-id', 'eu-west-1:11111111-2222-3333-4444-555555555555'];
const CLIENT_SECRET = 'cs-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ';

let box: CliSandbox;
beforeAll(async () => {
  box = await cliSandbox();
});
afterAll(async () => {
  box.assertNoSecrets([CLIENT_SECRET]);
  expectCleanRuns(box.outputs);
  await box.cleanup();
});

describe('account commands (built CLI, real keychain)', () => {
  it('adds an account, inferring the region from the pool id, and lists and shows it', async () => {
    const add = await box.run(['account', 'add', 'dev', ...POOL, '--username', 'alice']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('Added account "dev" (eu-west-1, SRP sign-in).\nNext: cognito-broker login dev\n');

    const list = await box.run(['account', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^NAME\s+REGION\s+USER POOL\s+IDENTITY POOL\s+SIGN-IN\s+USERNAME$/);
    expect(list.stdout).toMatch(/^dev\s+eu-west-1\s+eu-west-1_AbC123\s+eu-west-1:1111.*\s+srp\s+alice$/m);

    const json = await box.run(['account', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        name: 'dev',
        region: 'eu-west-1',
        userPoolId: 'eu-west-1_AbC123',
        clientId: '1example23456789',
        hasClientSecret: false,
        identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
        username: 'alice',
        authFlow: 'srp',
      },
    ]);

    const show = await box.run(['account', 'show', 'dev']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^Sign-in flow:\s+srp \(password never sent\)$/m);
    expect(show.stdout).toMatch(/^Client secret:\s+none$/m);
    const showJson = await box.run(['account', 'show', 'dev', '--json']);
    expect(JSON.parse(showJson.stdout).username).toBe('alice');
  });

  it('keeps a client secret read from stdin in the keychain only, and accepts endpoint overrides', async () => {
    const add = await box.run(
      [
        'account',
        'add',
        'secret-app',
        ...POOL,
        '--auth-flow',
        'password',
        '--client-secret-stdin',
        '--endpoint-url-cognito-idp',
        'http://127.0.0.1:9',
        '--endpoint-url-cognito-identity',
        'http://127.0.0.1:10',
      ],
      { input: `${CLIENT_SECRET}\n` },
    );
    expect(add.stderr).toBe('');
    expect(add.stdout).toContain('client secret in the keychain');
    const file = await readFile(accountsFile(box.home), 'utf8');
    expect(file).not.toContain(CLIENT_SECRET);
    const saved = JSON.parse(file).accounts.find((a: { name: string }) => a.name === 'secret-app');
    expect(saved).toMatchObject({
      hasClientSecret: true,
      authFlow: 'password',
      endpoints: { cognitoIdentityProvider: 'http://127.0.0.1:9', cognitoIdentity: 'http://127.0.0.1:10' },
    });
    expect(await new KeyringStore(box.home).get(secretKeys.clientSecret('secret-app'))).toBe(CLIENT_SECRET);
  });

  it('refuses bad values and missing flags with one sentence naming the flag, exit 2', async () => {
    const cases: [string[], string][] = [
      [['account', 'add', 'x', '--region', 'Ireland', ...POOL], '--region: an AWS region such as eu-west-1.'],
      [
        ['account', 'add', 'x', '--user-pool-id', 'local_abc', '--client-id', 'c', '--identity-pool-id', 'eu-west-1:1234-ab'],
        'The region cannot be read from the user pool id "local_abc": pass --region.',
      ],
      [['account', 'add', 'x', '--user-pool-id', 'eu-west-1_AbC123'], 'account add needs --client-id.'],
      [['account', 'add', 'x', ...POOL, '--auth-flow', 'magic'], '--auth-flow: srp, password or user-auth.'],
      [['account', 'add', 'x', ...POOL, '--role', 'admin'], '--role: an IAM role ARN.'],
      [['account', 'add', 'x', ...POOL, '--endpoint-url-cognito-idp', 'ftp://h'], '--endpoint-url-cognito-idp: an http:// or https:// URL.'],
      [['account', 'add', 'bad name!', ...POOL], 'The account is not valid: name: letters, digits, dot, dash or underscore, at most 64.'],
    ];
    for (const [args, message] of cases) {
      const r = await box.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`cognito-broker: ${message}`);
      expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    }
    const dup = await box.run(['account', 'add', 'dev', ...POOL]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe(
      'cognito-broker: An account named "dev" already exists.\nChoose another name, or remove it first with `cognito-broker account remove dev`.\n',
    );
    const missing = await box.run(['account', 'show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^cognito-broker: There is no account named "nope"\.\nKnown accounts: dev, secret-app\./);
  });

  it('updates chosen settings and keeps the others', async () => {
    const role = 'arn:aws:iam::123456789012:role/Developer';
    const r = await box.run(['account', 'update', 'dev', '--role', role, '--auth-flow', 'password', '--endpoint-url-cognito-idp', 'http://127.0.0.1:9']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`Updated account "dev" (default role ${role}).\n`);
    let dev = JSON.parse((await box.run(['account', 'show', 'dev', '--json'])).stdout);
    expect(dev).toMatchObject({ defaultRoleArn: role, authFlow: 'password', username: 'alice', endpoints: { cognitoIdentityProvider: 'http://127.0.0.1:9' } });
    expect((await box.run(['account', 'update', 'dev', '--clear-role', '--clear-endpoints', '--auth-flow', 'srp'])).code).toBe(0);
    dev = JSON.parse((await box.run(['account', 'show', 'dev', '--json'])).stdout);
    expect(dev.defaultRoleArn).toBeUndefined();
    expect(dev.endpoints).toBeUndefined();
    expect(dev.authFlow).toBe('srp');
    expect(dev.username).toBe('alice');

    const bad = await box.run(['account', 'update', 'dev', '--role', 'Developer']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('cognito-broker: --role: an IAM role ARN.');
    expect((await box.run(['account', 'update', 'dev'])).stderr.split('\n')[0]).toBe('cognito-broker: Nothing to change: give at least one option.');
    expect((await box.run(['account', 'update', 'nope', '--username', 'x'])).stderr.split('\n')[0]).toBe('cognito-broker: There is no account named "nope".');
  });

  it('imports an administrator file (object, list, wrapper), all-or-nothing', async () => {
    const dir = join(box.dir, 'imports');
    await mkdir(dir, { recursive: true });
    const entry = (name: string, extra = {}) => ({
      name,
      region: 'us-east-1',
      userPoolId: 'us-east-1_Xyz789',
      clientId: 'abc123',
      identityPoolId: 'us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      ...extra,
    });
    await writeFile(join(dir, 'team.json'), JSON.stringify({ version: 1, accounts: [entry('team-a'), entry('team-b', { authFlow: 'password' })] }));
    const ok = await box.run(['account', 'import', join(dir, 'team.json')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('Imported 2 accounts: team-a, team-b.\n');

    const before = await readFile(accountsFile(box.home));
    await writeFile(join(dir, 'bad.json'), JSON.stringify([entry('team-c'), entry('team-d', { region: 'mars-1' })]));
    const bad = await box.run(['account', 'import', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `cognito-broker: ${join(dir, 'bad.json')} is not valid: [1].region: an AWS region such as eu-west-1.\nNothing was imported. Fix the file and run the import again.\n`,
    );

    await writeFile(join(dir, 'clash.json'), JSON.stringify(entry('team-a')));
    const clash = await box.run(['account', 'import', join(dir, 'clash.json')]);
    expect(clash.code).toBe(1);
    expect(clash.stderr.split('\n')[0]).toBe('cognito-broker: Nothing was imported: "team-a" already exists.');

    await writeFile(join(dir, 'syntax.json'), '{"name": "x",\n  oops}');
    const syntax = await box.run(['account', 'import', join(dir, 'syntax.json')]);
    expect(syntax.stderr.split('\n')[0]).toMatch(/is not JSON \(line 2, column \d+\)\.$/);

    const absent = await box.run(['account', 'import', join(dir, 'absent.json')]);
    expect(absent.stderr.split('\n')[0]).toBe(`cognito-broker: Cannot read ${join(dir, 'absent.json')} (ENOENT).`);
    expect(await readFile(accountsFile(box.home))).toEqual(before);
  });

  it('removes an account with its keychain entries and its managed profiles', async () => {
    const store = new KeyringStore(box.home);
    await store.set(secretKeys.refreshToken('secret-app'), 'rt-to-be-removed');
    const location = awsConfigLocation(box.env);
    await addProfile(
      { location, launcher: { kind: 'node-script', node: process.execPath, script: CLI } },
      { name: 'secret-app', region: 'eu-west-1' },
      { name: 'secret-app' },
    );
    expect(await readFile(box.awsConfig, 'utf8')).toContain('[profile secret-app]');

    const r = await box.run(['account', 'remove', 'secret-app']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Removed account "secret-app" (2 keychain entries, profiles secret-app).\n');
    expect(await store.get(secretKeys.clientSecret('secret-app'))).toBeNull();
    expect(await store.get(secretKeys.refreshToken('secret-app'))).toBeNull();
    // The broker created this config file for that profile alone: with it gone, so is the file (no empty
    // ~/.aws/config left where none existed).
    await expect(readFile(box.awsConfig, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    const list = JSON.parse((await box.run(['account', 'list', '--json'])).stdout) as { name: string }[];
    expect(list.map((a) => a.name)).toEqual(['dev', 'team-a', 'team-b']);
  });

  it('loses no account when many CLI processes add at once (cross-process lock)', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `parallel-${i}`);
    const runs = await Promise.all(names.map((name) => box.run(['account', 'add', name, ...POOL])));
    for (const r of runs) expect(r.stderr).toBe('');
    const list = JSON.parse((await box.run(['account', 'list', '--json'])).stdout) as { name: string }[];
    expect(
      list
        .map((a) => a.name)
        .filter((n) => n.startsWith('parallel-'))
        .sort(),
    ).toEqual([...names].sort());
    for (const name of names) expect((await box.run(['account', 'remove', name])).code).toBe(0);
  });

  it('says clearly when the keychain is unavailable, and removes nothing then', async () => {
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(box.dir, 'no-such-bus')}` };
    const keychainSentence = 'cognito-broker: The system keychain (Secret Service) is not available, so cognito-broker could not read a saved secret.\n';
    for (const args of [['account', 'remove', 'dev'], ['status'], ['login', 'dev', '--password-stdin']]) {
      const r = await box.run(args, { env: noKeychain, input: 'not-a-real-password\n' });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(keychainSentence), r.stderr).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
    }
    const list = JSON.parse((await box.run(['account', 'list', '--json'])).stdout) as { name: string }[];
    expect(list.map((a) => a.name)).toContain('dev');
  });

  it('leaves a hand-broken accounts file byte-identical and names file, field and rule', async () => {
    const file = accountsFile(box.home);
    const text = (await readFile(file, 'utf8')).replace('"us-east-1_Xyz789"', '"not a pool"');
    await writeFile(file, text);
    for (const args of [['account', 'list'], ['account', 'add', 'new', ...POOL], ['account', 'remove', 'dev'], ['status']]) {
      const r = await box.run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(
        `cognito-broker: The accounts file ${file} is not valid: accounts[1].userPoolId: a user pool id such as eu-west-1_AbC123.\n` +
          'Fix that entry (or move the file away); Cognito Broker leaves the file unchanged until it is valid.\n',
      );
      expect(await readFile(file, 'utf8')).toBe(text);
    }
  });
});
