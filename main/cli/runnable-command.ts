import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * How the person who reads a hint can run this command. Hints are written as `cognito-broker …`, but in a
 * checkout that name is on PATH only after `npm link`, and the packaged app's launcher only once linked; a
 * hint naming a command that does not exist sends people looking. Only on the error path: a few stat calls.
 */
export function runnableCommand(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv, cwd: string = process.cwd()): string {
  if (onPath('cognito-broker', env)) return 'cognito-broker';
  // The app's launcher names itself (build/cli/cognito-broker); profiles written by it point there too.
  const launcher = env.COGNITO_BROKER_LAUNCHER;
  if (launcher) return shellWord(launcher);
  const script = argv[1];
  // Only our own script is worth naming (cli-main run inside another program, such as a test runner, is not).
  if (!script || !/cognito-broker[^/\\]*\.c?js$/.test(script)) return 'cognito-broker';
  const absolute = resolve(cwd, script);
  const rel = relative(cwd, absolute);
  return `node ${shellWord(rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute)}`;
}

/** Every `` `cognito-broker `` in a message becomes the runnable form. */
export function withRunnableCommand(text: string, command: string = runnableCommand()): string {
  return command === 'cognito-broker' ? text : text.replaceAll('`cognito-broker ', `\`${command} `);
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const candidate of process.platform === 'win32' ? [`${name}.cmd`, `${name}.exe`] : [name]) {
      try {
        accessSync(join(dir, candidate), constants.X_OK);
        return true;
      } catch {
        // not here
      }
    }
  }
  return false;
}

function shellWord(text: string): string {
  return /^[\w./@:+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
