import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialProcessCommand, launcherFromProcess } from '../../../main/core/aws-config/credential-process-command.js';
import { BrokerError } from '../../../main/core/errors.js';

/** How botocore itself splits a credential_process line (compat_shell_split), asked of the real library. */
function botocoreSplit(line: string): string[] {
  const out = execFileSync(
    '/usr/bin/python3',
    ['-c', 'import sys, json\nfrom botocore.compat import compat_shell_split\nprint(json.dumps(compat_shell_split(sys.argv[1])))', line],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as string[];
}

/** How a POSIX shell splits it (the AWS SDK for JavaScript runs the line through one). */
function shellSplit(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `for a in ${line}; do :; done; printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('credential_process command line', () => {
  it('source checkout: node and the built CLI, quoted only where needed', () => {
    expect(credentialProcessCommand({ kind: 'node-script', node: '/usr/bin/node', script: '/opt/cb/dist/cli/cognito-broker.cjs' }, 'dev')).toBe(
      '/usr/bin/node /opt/cb/dist/cli/cognito-broker.cjs credential-process dev',
    );
  });

  it('packaged app: the launcher, quoted because of the spaces, plus --role', () => {
    const line = credentialProcessCommand(
      { kind: 'executable', path: '/Applications/Cognito Broker.app/Contents/Resources/bin/cognito-broker' },
      'dev',
      'arn:aws:iam::123456789012:role/team/Admin',
    );
    expect(line).toBe(
      '"/Applications/Cognito Broker.app/Contents/Resources/bin/cognito-broker" credential-process dev --role arn:aws:iam::123456789012:role/team/Admin',
    );
    const argv = [
      '/Applications/Cognito Broker.app/Contents/Resources/bin/cognito-broker',
      'credential-process',
      'dev',
      '--role',
      'arn:aws:iam::123456789012:role/team/Admin',
    ];
    expect(botocoreSplit(line)).toEqual(argv);
    expect(shellSplit(line)).toEqual(argv);
  });

  it('non-ASCII and shell-special characters that quoting carries safely', () => {
    const path = "/home/zoë/My Tools (x86)/it's & more;/cb";
    const line = credentialProcessCommand({ kind: 'executable', path }, 'a.b_c-1');
    expect(botocoreSplit(line)).toEqual([path, 'credential-process', 'a.b_c-1']);
    expect(shellSplit(line)).toEqual([path, 'credential-process', 'a.b_c-1']);
  });

  it('refuses what no quoting carries for every reader, and relative or ~ paths', () => {
    for (const path of ['/opt/a"b/cb', '/opt/$HOME/cb', '/opt/a`b`/cb', '/opt/back\\slash/cb', 'relative/cb', '~/bin/cb']) {
      let error: unknown;
      try {
        credentialProcessCommand({ kind: 'executable', path }, 'dev', undefined, 'linux');
      } catch (e) {
        error = e;
      }
      expect(error, path).toBeInstanceOf(BrokerError);
      expect((error as BrokerError).code).toBe('invalid-argument');
      expect((error as BrokerError).hint).toBeTruthy();
    }
  });

  it('launcherFromProcess: COGNITO_BROKER_LAUNCHER wins; otherwise node + the real path of the running script', () => {
    expect(launcherFromProcess({ COGNITO_BROKER_LAUNCHER: '/opt/Cognito Broker/cognito-broker' }, ['node', 'x'], '/usr/bin/node')).toEqual({
      kind: 'executable',
      path: '/opt/Cognito Broker/cognito-broker',
    });
    const dir = mkdtempSync(join(tmpdir(), 'cb-launcher-'));
    try {
      writeFileSync(join(dir, 'cognito-broker.cjs'), '');
      symlinkSync(join(dir, 'cognito-broker.cjs'), join(dir, 'linked'));
      expect(launcherFromProcess({}, ['/usr/bin/node', join(dir, 'linked')], '/usr/bin/node')).toEqual({
        kind: 'node-script',
        node: '/usr/bin/node',
        script: join(dir, 'cognito-broker.cjs'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
