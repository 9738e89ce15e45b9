import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { BrokerError } from '../errors.js';

/**
 * How the AWS CLI should start `cognito-broker`: injected by whoever writes profiles, so the command line
 * is the same function in a source checkout, the packaged app and tests.
 * - 'node-script': a source checkout or npm install — Node itself plus the built CLI bundle.
 * - 'executable': the packaged app's launcher (a small program shipped next to the app that runs the CLI
 *   without opening a window).
 */
export type CliLauncher = { kind: 'node-script'; node: string; script: string } | { kind: 'executable'; path: string };

/** Set by the packaged app's launcher so the CLI it starts writes profiles that point back at the launcher. */
export const LAUNCHER_ENV = 'COGNITO_BROKER_LAUNCHER';

/**
 * The launcher of the running CLI process: `COGNITO_BROKER_LAUNCHER` when set, otherwise this Node binary
 * and the script it runs (symbolic links resolved, so a profile keeps working when `npm link` changes).
 */
export function launcherFromProcess(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv, execPath = process.execPath): CliLauncher {
  const launcher = env[LAUNCHER_ENV];
  if (launcher && launcher.trim() !== '') return { kind: 'executable', path: launcher };
  const script = argv[1];
  if (!script)
    throw new BrokerError('internal', 'Could not tell which cognito-broker script is running.', { hint: 'Run the command through the cognito-broker CLI.' });
  let real = resolve(script);
  try {
    real = realpathSync(real);
  } catch {
    // Keep the path as given: the profile then names the same file the person ran.
  }
  return { kind: 'node-script', node: execPath, script: real };
}

/**
 * Characters that need no quoting in any reader: botocore splits the line with shlex (POSIX) or its own
 * Windows splitter, and the JavaScript SDK hands the line to a shell. Inside double quotes all of them agree
 * only when the path has no `"`, `\` (POSIX), `$` or backquote, so such paths are refused rather than
 * written in a way one of the readers would misread.
 */
const PLAIN = /^[A-Za-z0-9_./:@%+=,-]+$/;

function quote(arg: string, what: string, platform: NodeJS.Platform): string {
  if (PLAIN.test(arg)) return arg;
  const forbidden = platform === 'win32' ? /["$`\r\n]/ : /["\\$`\r\n]/;
  if (forbidden.test(arg)) {
    throw new BrokerError(
      'invalid-argument',
      `The ${what} path contains a character (", \\, $, a backquote or a line break) that credential_process cannot carry: ${arg}`,
      {
        hint: 'Install or move Cognito Broker to a folder whose path has none of those characters.',
      },
    );
  }
  return `"${arg}"`;
}

function absolute(path: string, what: string): string {
  if (!isAbsolute(path) || path.startsWith('~')) {
    throw new BrokerError('invalid-argument', `The ${what} path must be absolute, but it is "${path}".`, {
      hint: 'The AWS CLI expands neither ~ nor variables in credential_process; give a full path.',
    });
  }
  return path;
}

/** `"<node>" "<script>" credential-process <account> [--role ARN]` or `"<launcher>" credential-process ...`. */
export function credentialProcessCommand(launcher: CliLauncher, account: string, roleArn?: string, platform: NodeJS.Platform = process.platform): string {
  const program =
    launcher.kind === 'node-script'
      ? [quote(absolute(launcher.node, 'Node'), 'Node', platform), quote(absolute(launcher.script, 'cognito-broker script'), 'cognito-broker script', platform)]
      : [quote(absolute(launcher.path, 'launcher'), 'launcher', platform)];
  const args = ['credential-process', quote(account, 'account', platform)];
  if (roleArn) args.push('--role', quote(roleArn, 'role', platform));
  return [...program, ...args].join(' ');
}
