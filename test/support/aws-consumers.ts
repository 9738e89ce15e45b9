import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The real readers of our profiles: AWS CLI v2 at /usr/bin/aws (not whatever `aws` is first on PATH) and
 * boto3 under /usr/bin/python3, run with a clean environment that points only at the test's files.
 */
const run = promisify(execFile);

export const AWS = '/usr/bin/aws';
export const PYTHON = '/usr/bin/python3';

export function consumerEnv(configFile: string, credentialsFile: string, home: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export async function listProfilesWithAwsCli(env: NodeJS.ProcessEnv): Promise<string[]> {
  const { stdout } = await run(AWS, ['configure', 'list-profiles'], { env });
  return stdout.split('\n').filter(Boolean).sort();
}

/**
 * `aws configure list-profiles` for many config files in one Python process: the same entry point
 * /usr/bin/aws calls (awscli.clidriver), run with the same interpreter, one fresh driver per file, because
 * starting the CLI takes seconds per file on a loaded machine. null where the CLI cannot read the file.
 */
const AWS_CLI_MANY = `
import contextlib, io, json, os, sys
import awscli.clidriver
out = []
for path in sys.argv[1:]:
    os.environ['AWS_CONFIG_FILE'] = path
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            rc = awscli.clidriver.create_clidriver().main(['configure', 'list-profiles'])
        out.append(buf.getvalue().split('\\n')[:-1] if rc == 0 else None)
    except Exception:
        out.append(None)
print(json.dumps(out))
`;

export async function listProfilesWithAwsCliMany(env: NodeJS.ProcessEnv, configFiles: readonly string[]): Promise<(string[] | null)[]> {
  const head = (await run('/usr/bin/head', ['-n', '1', AWS])).stdout;
  if (!head.startsWith(`#!${PYTHON}`)) throw new Error(`${AWS} is not the Python AWS CLI this helper drives (${head.trim()})`);
  const { stdout } = await run(PYTHON, ['-c', AWS_CLI_MANY, ...configFiles], { env, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as (string[] | null)[];
}

export interface ProcessCredentials {
  Version: number;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken?: string;
  Expiration?: string;
}

export async function exportCredentialsWithAwsCli(env: NodeJS.ProcessEnv, profile: string): Promise<ProcessCredentials> {
  const { stdout } = await run(AWS, ['configure', 'export-credentials', '--profile', profile, '--format', 'process'], { env });
  return JSON.parse(stdout) as ProcessCredentials;
}

export async function credentialsWithBoto3(
  env: NodeJS.ProcessEnv,
  profile: string,
): Promise<{ access_key: string; secret_key: string; token: string; region: string | null }> {
  const script = [
    'import boto3, json, sys',
    's = boto3.Session(profile_name=sys.argv[1])',
    'c = s.get_credentials().get_frozen_credentials()',
    'print(json.dumps({"access_key": c.access_key, "secret_key": c.secret_key, "token": c.token, "region": s.region_name}))',
  ].join('\n');
  const { stdout } = await run(PYTHON, ['-c', script, profile], { env });
  return JSON.parse(stdout) as { access_key: string; secret_key: string; token: string; region: string | null };
}

/**
 * A stand-in for the packaged app's launcher at a path with spaces: prints credentials that encode the
 * arguments it got (AccessKeyId names the account, SecretAccessKey the role), so a test can see the whole
 * command line survived the reader's splitting.
 */
export async function fakeLauncher(root: string): Promise<string> {
  const dir = join(root, 'Cognito Broker.app', 'Contents', 'Resources', 'bin');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'cognito broker');
  await writeFile(
    file,
    `#!/bin/sh
[ "$1" = credential-process ] || { echo "unexpected command $1" >&2; exit 2; }
role=none; [ "$3" = --role ] && role="$4"
printf '{"Version":1,"AccessKeyId":"AKID-%s","SecretAccessKey":"secret-%s","SessionToken":"token","Expiration":"2099-01-01T00:00:00Z"}\\n' "$2" "$role"
`,
  );
  await chmod(file, 0o755);
  return file;
}

/** The same, as a Node script in a "checkout" whose path has spaces (the node-script launcher). */
export async function fakeNodeCli(root: string): Promise<string> {
  const dir = join(root, 'my checkout', 'dist', 'cli');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'cognito-broker.cjs');
  await writeFile(
    file,
    `const [cmd, account, flag, role] = process.argv.slice(2);
if (cmd !== 'credential-process') { process.stderr.write('unexpected command ' + cmd + '\\n'); process.exit(2); }
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKID-' + account, SecretAccessKey: 'secret-' + (flag === '--role' ? role : 'none'), SessionToken: 'token', Expiration: '2099-01-01T00:00:00Z' }) + '\\n');
`,
  );
  return file;
}
