import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleArn } from '../stand-ins/seed.js';
import { brokerWorld, childEnv, type BrokerWorld } from '../support/broker-world.js';
import { CLI, parseProcessOutput, runCli, startCli } from '../support/broker-cli.js';

describe('cognito-broker export and exec', () => {
  let w: BrokerWorld;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    w = await brokerWorld({ name: 'work', endpointsInEnv: true });
    await w.broker.login(w.account, w.prompter());
    env = childEnv(w);
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it('export --format env: shell lines that a shell evaluates to the issued credentials and the region', () => {
    const issued = w.backend.issued.at(-1);
    const shell = spawnSync(
      '/bin/sh',
      [
        '-c',
        `eval "$("${process.execPath}" "${CLI}" export work)" && printf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_REGION" "$AWS_CREDENTIAL_EXPIRATION"`,
      ],
      { env, encoding: 'utf8' },
    );
    expect(shell.status).toBe(0);
    const [key, secret, token, region, expiration] = shell.stdout.split('\n');
    expect(key).toBe(issued?.accessKeyId);
    expect(secret).toBe(issued?.secretAccessKey);
    expect(token).toBe(issued?.sessionToken);
    expect(region).toBe(w.backend.region);
    expect(Date.parse(expiration ?? '')).toBe(issued?.expiration.getTime());
  });

  it('export --format fish: real fish sources the lines and has the issued credentials, expiration included', () => {
    const issued = w.backend.issued.at(-1);
    const shell = spawnSync(
      'fish',
      [
        '--no-config',
        '-c',
        `"${process.execPath}" "${CLI}" export work --format fish | source; and printf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_REGION" "$AWS_CREDENTIAL_EXPIRATION"`,
      ],
      { env, encoding: 'utf8' },
    );
    expect(shell.status).toBe(0);
    const [key, secret, token, region, expiration] = shell.stdout.split('\n');
    expect(key).toBe(issued?.accessKeyId);
    expect(secret).toBe(issued?.secretAccessKey);
    expect(token).toBe(issued?.sessionToken);
    expect(region).toBe(w.backend.region);
    expect(Date.parse(expiration ?? '')).toBe(issued?.expiration.getTime());
  });

  it('export --format powershell: one $Env: line per variable, single-quoted', async () => {
    const issued = w.backend.issued.at(-1);
    const run = await runCli(['export', 'work', '--format', 'powershell'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain(`$Env:AWS_ACCESS_KEY_ID = '${issued?.accessKeyId}'`);
    const expiration = /^\$Env:AWS_CREDENTIAL_EXPIRATION = '(.+)'$/m.exec(run.stdout)?.[1];
    expect(Date.parse(expiration ?? '')).toBe(issued?.expiration.getTime());
    expect(lines.every((line) => /^\$Env:AWS_[A-Z_]+ = '.*'$/.test(line))).toBe(true);
  });

  it('export --format json and --format process', async () => {
    const issued = w.backend.issued.at(-1);
    const json = await runCli(['export', 'work', '--format', 'json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      AccessKeyId: issued?.accessKeyId,
      SecretAccessKey: issued?.secretAccessKey,
      Region: w.backend.region,
      RoleArn: roleArn('BrokerDeveloper'),
    });
    const processDoc = await runCli(['export', 'work', '--format', 'process'], env);
    expect(parseProcessOutput(processDoc.stdout).AccessKeyId).toBe(issued?.accessKeyId);
    const bad = await runCli(['export', 'work', '--format', 'yaml'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of env, json, process/);
  });

  it("export --role gives that role's credentials", async () => {
    const run = await runCli(['export', 'work', '--role', roleArn('BrokerReadOnly'), '--format', 'json'], env);
    expect(run.code).toBe(0);
    expect(w.backend.issued.at(-1)?.roleArn).toBe(roleArn('BrokerReadOnly'));
    expect(JSON.parse(run.stdout).AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
  });

  it('exec runs the command with the credentials in its environment and returns its exit code', async () => {
    const issued = w.backend.issued.find((c) => c.roleArn === roleArn('BrokerDeveloper'));
    const run = await runCli(['exec', 'work', '--', '/bin/sh', '-c', 'echo "$AWS_ACCESS_KEY_ID $AWS_REGION ${AWS_PROFILE:-none}"; exit 7'], {
      ...env,
      AWS_PROFILE: 'elsewhere',
    });
    expect(run.code).toBe(7);
    expect(run.stdout.trim()).toBe(`${issued?.accessKeyId} ${w.backend.region} none`);
  });

  it('exec gives the command AWS_CREDENTIAL_EXPIRATION, when the credentials expire (ISO 8601)', async () => {
    const run = await runCli(['exec', 'work', '--', '/bin/sh', '-c', 'printf "%s %s" "$AWS_ACCESS_KEY_ID" "$AWS_CREDENTIAL_EXPIRATION"'], env);
    expect(run.code).toBe(0);
    const [key, expiration] = run.stdout.split(' ');
    const issued = w.backend.issued.find((c) => c.accessKeyId === key);
    expect(expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Date.parse(expiration ?? '')).toBe(issued?.expiration.getTime());
  });

  it('exec passes a signal on to the command and reports how it ended', async () => {
    const started = startCli(['exec', 'work', '--', '/bin/sh', '-c', 'trap "echo got-term; exit 42" TERM; echo ready; while :; do sleep 0.1; done'], env);
    await new Promise<void>((resolve) => started.child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    started.child.kill('SIGTERM');
    const run = await started.done;
    expect(run.stdout).toContain('got-term');
    expect(run.code).toBe(42);
  });

  it('exec without a command, or with one that does not exist: a clear error', async () => {
    const none = await runCli(['exec', 'work'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs a command/);
    const missing = await runCli(['exec', 'work', '--', 'no-such-command-xyz'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/Command not found: no-such-command-xyz/);
  });
});
