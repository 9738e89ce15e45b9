// `npm start` (after the build): the desktop app on dist/main/main.cjs when an Electron binary is present
// (node_modules/electron's download, or ELECTRON_PATH); otherwise it says so and starts `dev:web`, so a
// person still gets the window, in a browser, against the real core.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary() {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  // node_modules/electron/path.txt names the binary inside node_modules/electron/dist once it was downloaded.
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function run(command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const electron = electronBinary();
if (electron) {
  // The app writes ~/.aws/config profiles that start this checkout's CLI with this Node.
  run(electron, [root, ...process.argv.slice(2)], { ...process.env, COGNITO_BROKER_DEV_NODE: process.execPath });
} else {
  process.stderr.write(
    'No Electron binary is installed here (it is downloaded from GitHub at install time, which this machine skipped or could not do),\n' +
      'so the desktop window cannot open. Starting the same window in your browser instead (npm run dev:web).\n' +
      'To run the desktop app: set ELECTRON_PATH to an Electron executable, or reinstall electron with network access.\n\n',
  );
  run(process.execPath, [join(root, 'scripts', 'dev-web.mjs'), ...process.argv.slice(2)], process.env);
}
