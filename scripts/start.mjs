// `npm start` (after the build): the desktop app on dist/main/main.cjs when this machine has a display and
// an Electron binary (getting the binary first if it is missing and the network allows), otherwise the same
// window in a browser through `dev:web`, against the real core. scripts/start-plan.mjs decides and says
// which in one line.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canConnect, downloadHost, runInstaller, usesProxy } from './electron-installer.mjs';
import { findElectron, INSTALL_TIMEOUT_MS, planStart } from './start-plan.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronPackage = join(root, 'node_modules', 'electron');

function run(command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const env = process.env;
const host = downloadHost(env);
const plan = await planStart({
  env,
  platform: process.platform,
  version: JSON.parse(readFileSync(join(electronPackage, 'package.json'), 'utf8')).version,
  findElectron: () => findElectron(root, env),
  downloadHost: host,
  // Behind a proxy a direct connection proves nothing: the installer (through the proxy) decides.
  reachable: async () => (host && !usesProxy(env) ? canConnect(host) : undefined),
  install: () => runInstaller({ script: join(electronPackage, 'install.js'), env, timeoutMs: INSTALL_TIMEOUT_MS }),
  timeoutMs: INSTALL_TIMEOUT_MS,
  say: (line) => process.stderr.write(`${line}\n`),
});

if (plan.kind === 'desktop') {
  // The app writes ~/.aws/config profiles that start this checkout's CLI with this Node.
  run(plan.binary, [root, ...process.argv.slice(2)], { ...env, COGNITO_BROKER_DEV_NODE: process.execPath });
} else {
  run(process.execPath, [join(root, 'scripts', 'dev-web.mjs'), ...process.argv.slice(2)], env);
}
