import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsConfigLocation } from '../../../main/core/aws-config/config-location.js';
import type { CliLauncher } from '../../../main/core/aws-config/credential-process-command.js';
import { addProfile, removeManagedProfiles, syncProfiles, useAccount } from '../../../main/core/aws-config/profile-store.js';
import { listProfileViews } from '../../../main/core/aws-config/profile-views.js';
import { BrokerError } from '../../../main/core/errors.js';
import {
  PYTHON,
  consumerEnv,
  credentialsWithBoto3,
  exportCredentialsWithAwsCli,
  fakeLauncher,
  fakeNodeCli,
  listProfilesWithAwsCli,
  listProfilesWithAwsCliMany,
} from '../../support/aws-consumers.js';

/**
 * Guarantees 1, 5 and 7 on a corpus of real-world-shaped configs: sync, add, use and remove on the real
 * files; every byte outside our sections survives (removing ours gives the original back exactly); a second
 * sync changes nothing; and the real AWS CLI v2 and boto3 read the result — list-profiles, export-credentials
 * running our credential_process, boto3's frozen credentials and region.
 */
const FIXTURES = join(__dirname, 'fixtures');
/** Files the AWS CLI itself can parse; the others (BOM, non-UTF-8, duplicates, garbage) are checked byte-wise only. */
const CLI_READABLE = new Set([
  'sso-sessions.ini',
  's3-subsettings.ini',
  'role-chaining.ini',
  'comments-and-odd-spacing.ini',
  'services-endpoints.ini',
  'lone-cr-mixed.ini',
]);
const ADMIN = 'arn:aws:iam::123456789012:role/Admin';
const ACCOUNTS = [
  { name: 'alpha', region: 'eu-west-1' },
  { name: 'beta', region: 'us-east-1' },
];

let root: string;
let launcher: CliLauncher;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cb-awscli-'));
  launcher = { kind: 'executable', path: await fakeLauncher(root) };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function workspace(name: string, fixture?: string): Promise<{ location: AwsConfigLocation; env: NodeJS.ProcessEnv; original: Buffer }> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const location = { configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
  if (fixture) await copyFile(join(FIXTURES, fixture), location.configFile);
  const original = fixture ? await readFile(location.configFile) : Buffer.alloc(0);
  return { location, env: consumerEnv(location.configFile, location.credentialsFile, dir), original };
}

describe('the fixture corpus, edited and read by the AWS CLI v2 and boto3', async () => {
  const fixtures = (await readdir(FIXTURES)).filter((f) => f.endsWith('.ini')).sort();

  it('has the corpus it claims', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
    for (const f of CLI_READABLE) expect(fixtures).toContain(f);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: foreign bytes preserved, idempotent${CLI_READABLE.has(fixture) ? ', read by aws and boto3' : ''}`, async () => {
      const { location, env, original } = await workspace(fixture, fixture);
      const readable = CLI_READABLE.has(fixture);
      const before = readable ? await listProfilesWithAwsCli(env) : [];

      const first = await syncProfiles({ location, launcher }, ACCOUNTS);
      expect(first.written).toEqual(['alpha', 'beta']);
      expect((await addProfile({ location, launcher }, ACCOUNTS[0]!, { roleArn: ADMIN })).name).toBe('alpha-Admin');
      await useAccount({ location, launcher }, ACCOUNTS[1]!, { activeProfileName: 'cognito-broker-active', asDefault: false });
      const edited = await readFile(location.configFile);
      expect(edited.subarray(0, original.length - 2).equals(original.subarray(0, original.length - 2))).toBe(true);

      const second = await syncProfiles({ location, launcher }, ACCOUNTS);
      expect(second).toEqual({ written: [], unchanged: ['alpha', 'beta'], removed: [], clashes: [] });
      expect((await readFile(location.configFile)).equals(edited)).toBe(true);

      const views = await listProfileViews(location);
      expect(views.map((v) => v.name).sort()).toEqual(['alpha', 'alpha-Admin', 'beta', 'cognito-broker-active']);
      expect(views.every((v) => v.effective)).toBe(true);

      if (readable) {
        expect(await listProfilesWithAwsCli(env)).toEqual([...before, 'alpha', 'alpha-Admin', 'beta', 'cognito-broker-active'].sort());
        expect(await exportCredentialsWithAwsCli(env, 'alpha-Admin')).toMatchObject({
          Version: 1,
          AccessKeyId: 'AKID-alpha',
          SecretAccessKey: `secret-${ADMIN}`,
          SessionToken: 'token',
        });
        expect(await exportCredentialsWithAwsCli(env, 'cognito-broker-active')).toMatchObject({ AccessKeyId: 'AKID-beta', SecretAccessKey: 'secret-none' });
        expect(await credentialsWithBoto3(env, 'alpha')).toEqual({ access_key: 'AKID-alpha', secret_key: 'secret-none', token: 'token', region: 'eu-west-1' });
      }

      expect(await removeManagedProfiles({ location }, { all: true })).toEqual(['alpha', 'beta', 'alpha-Admin', 'cognito-broker-active']);
      expect((await readFile(location.configFile)).equals(original)).toBe(true);
      if (readable) expect(await listProfilesWithAwsCli(env)).toEqual(before);
    }, 180_000);
  }

  it('a new config written from nothing is read by both, with the node-script launcher at a path with spaces', async () => {
    const { location, env } = await workspace('node-script');
    const nodeLauncher: CliLauncher = { kind: 'node-script', node: process.execPath, script: await fakeNodeCli(root) };
    await syncProfiles({ location, launcher: nodeLauncher }, ACCOUNTS);
    await addProfile({ location, launcher: nodeLauncher }, ACCOUNTS[1]!, { roleArn: 'arn:aws:iam::210987654321:role/team/Dev', name: 'beta-dev' });
    const text = await readFile(location.configFile, 'utf8');
    expect(text).toContain(
      `credential_process = ${process.execPath} "${join(root, 'my checkout', 'dist', 'cli', 'cognito-broker.cjs')}" credential-process beta --role arn:aws:iam::210987654321:role/team/Dev\n`,
    );
    expect(await listProfilesWithAwsCli(env)).toEqual(['alpha', 'beta', 'beta-dev']);
    expect(await exportCredentialsWithAwsCli(env, 'beta-dev')).toMatchObject({
      AccessKeyId: 'AKID-beta',
      SecretAccessKey: 'secret-arn:aws:iam::210987654321:role/team/Dev',
    });
    expect(await credentialsWithBoto3(env, 'beta-dev')).toEqual({
      access_key: 'AKID-beta',
      secret_key: 'secret-arn:aws:iam::210987654321:role/team/Dev',
      token: 'token',
      region: 'us-east-1',
    });
  }, 180_000);
});

/**
 * Fault: `[profile 'dev']` is the profile "dev" to the AWS CLI, boto3 and the JS SDK, but the editor only
 * knew `[profile "dev"]`, so sync appended a second `[profile dev]` that silently shadowed the user's. Each
 * spelling below is written as a user's own section and read by the three real readers; the editor must
 * refuse to write "dev" exactly when at least one of them reads the section as "dev", and write it otherwise.
 */
const SPELLINGS = [
  '[profile dev]',
  "[profile 'dev']",
  '[profile "dev"]',
  '[profile  dev]',
  '[profile\tdev]',
  '[profile dev ]',
  "[profile 'dev' ]",
  "[profile d'e'v]",
  '[profile d"ev"]',
  '[profile d\\ev]',
  '[profiles dev]',
  '[profile-old dev]',
  "[profile'' dev]",
  '[profile.dev]',
  '[profile dev] # note',
  '[profile dev] ; note',
  '[profile dev]x',
  '  [profile dev]',
  // Not "dev" to any of them (checked below, not assumed):
  '[ profile dev]',
  '[profile dev #x]',
  "[profile 'dev]",
  '[Profile dev]',
  '[profile dev extra]',
  "[profile 'd ev']",
  '[profiledev]',
  '[profile "dev\']',
];
const run = promisify(execFile);
const BOTO3_PROFILES = `
import json, os, sys, boto3
out = []
for path in sys.argv[1:]:
    os.environ['AWS_CONFIG_FILE'] = path
    try:
        out.append(boto3.Session().available_profiles)
    except Exception:
        out.append(None)
print(json.dumps(out))
`;

describe('profile-name spellings, as the AWS CLI v2, boto3 and the JS SDK read them', () => {
  it('a section any of them reads as "dev" is refused as a clash, byte for byte untouched; any other is written beside', async () => {
    const dir = join(root, 'spellings');
    await mkdir(dir, { recursive: true });
    const files = SPELLINGS.map((_, i) => join(dir, `config-${i}`));
    const contents = SPELLINGS.map((h) => `${h}\nregion = us-west-2\n`);
    await Promise.all(files.map((f, i) => writeFile(f, contents[i]!)));
    const env = (f: string) => consumerEnv(f, join(dir, 'no-credentials'), dir);

    const cli = await listProfilesWithAwsCliMany(env(files[0]!), files);
    const boto3 = JSON.parse((await run(PYTHON, ['-c', BOTO3_PROFILES, ...files], { env: env(files[0]!) })).stdout) as string[][];
    const jsSdk = await Promise.all(
      files.map(async (f) =>
        Object.keys((await loadSharedConfigFiles({ filepath: join(dir, 'no-credentials'), configFilepath: f, ignoreCache: true })).configFile),
      ),
    );

    // Every file is readable by the AWS CLI (a header it does not take for a profile is another section).
    expect(cli.every((names) => names !== null)).toBe(true);
    const readsDev = SPELLINGS.map((_, i) => [cli[i]!.includes('dev'), boto3[i]!.includes('dev'), jsSdk[i]!.includes('dev')]);
    // What was measured (so a reader's update that changes the rules shows up here first).
    expect(Object.fromEntries(SPELLINGS.map((h, i) => [h, readsDev[i]!.map((r) => (r ? 'dev' : '-')).join(' ')]))).toEqual({
      '[profile dev]': 'dev dev dev',
      "[profile 'dev']": 'dev dev dev',
      '[profile "dev"]': 'dev dev dev',
      '[profile  dev]': 'dev dev -',
      '[profile\tdev]': 'dev dev dev',
      '[profile dev ]': 'dev dev -',
      "[profile 'dev' ]": 'dev dev -',
      "[profile d'e'v]": 'dev dev -',
      '[profile d"ev"]': 'dev dev -',
      '[profile d\\ev]': 'dev dev -',
      '[profiles dev]': 'dev dev -',
      '[profile-old dev]': 'dev dev -',
      "[profile'' dev]": 'dev dev -',
      '[profile.dev]': '- - dev',
      '[profile dev] # note': 'dev dev dev',
      '[profile dev] ; note': 'dev dev dev',
      '[profile dev]x': 'dev dev -',
      '  [profile dev]': 'dev dev dev',
      '[ profile dev]': '- - -',
      '[profile dev #x]': '- - -',
      "[profile 'dev]": '- - -',
      '[Profile dev]': '- - -',
      '[profile dev extra]': '- - -',
      "[profile 'd ev']": '- - -',
      '[profiledev]': '- - -',
      '[profile "dev\']': '- - -',
    });

    const written: string[] = [];
    for (const [i, file] of files.entries()) {
      const location = { configFile: file, credentialsFile: join(dir, 'no-credentials') };
      const outcome = await addProfile({ location, launcher }, { name: 'dev', region: 'eu-west-1' }).then(
        () => 'written',
        (e: unknown) => (e instanceof BrokerError ? e.code : String(e)),
      );
      expect(outcome, SPELLINGS[i]).toBe(readsDev[i]!.some(Boolean) ? 'profile-clash' : 'written');
      if (outcome === 'profile-clash') expect(await readFile(file, 'utf8'), SPELLINGS[i]).toBe(contents[i]);
      else written.push(file);
    }
    // Where ours was written beside a section nobody reads as "dev", the readers now see exactly one "dev".
    expect(written).toHaveLength(8);
    for (const names of await listProfilesWithAwsCliMany(env(files[0]!), written)) expect(names!.filter((p) => p === 'dev')).toEqual(['dev']);
  }, 180_000);
});
