// What `npm start` opens: the desktop app when this machine can show it and has (or can get) Electron's
// binary, else the same window in a browser (dev-web). Written against injected pieces so every branch is
// tested without a display, a network or Electron (test/scripts/start-plan.test.ts); scripts/start.mjs
// passes the real ones. Each outcome is one line that says what happened and, if it was not the desktop
// app, exactly what to run to get it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_COMMAND, usesProxy } from './electron-installer.mjs';

export const INSTALL_TIMEOUT_MS = 5 * 60_000;

/**
 * The Electron executable to start: ELECTRON_PATH when set, else the binary that `install-electron` put in
 * node_modules/electron/dist and named in path.txt. `{ binary }`, `{ missing: true }`, or
 * `{ badOverride: path }` when ELECTRON_PATH names nothing.
 */
export function findElectron(root, env) {
  const fromEnv = env.ELECTRON_PATH;
  if (fromEnv) return existsSync(fromEnv) ? { binary: fromEnv } : { badOverride: fromEnv };
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return { missing: true };
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { missing: true };
}

/** Linux shows windows only with an X or Wayland display (not over plain SSH, in CI or a container); macOS and Windows always can. */
export function hasDisplay(env, platform) {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

function minutes(ms) {
  const m = Math.round(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/**
 * parts: { env, platform, version (Electron's), findElectron(), reachable(): Promise<boolean|undefined>
 * (undefined: not asked, e.g. behind a proxy), downloadHost, install(): Promise<{ok, reason?, detail?}>,
 * say(line), timeoutMs? }.
 * Resolves `{ kind: 'desktop', binary }` or `{ kind: 'browser' }`; the line was said.
 */
export async function planStart(parts) {
  const { env, say } = parts;
  const timeoutMs = parts.timeoutMs ?? INSTALL_TIMEOUT_MS;
  const browser = 'serving the app to your browser instead (npm run dev:web)';
  const getIt = `For the desktop app run: ${INSTALL_COMMAND} && npm start`;

  if (!hasDisplay(env, parts.platform)) {
    say(`No display here (DISPLAY and WAYLAND_DISPLAY are not set), so no desktop window: ${browser}.`);
    return { kind: 'browser' };
  }
  const found = parts.findElectron();
  if (found.binary) {
    say(`Opening the desktop app (Electron ${parts.version}).`);
    return { kind: 'desktop', binary: found.binary };
  }
  if (found.badOverride) {
    say(
      `ELECTRON_PATH is ${found.badOverride}, which does not exist: ${browser}. Point ELECTRON_PATH at an Electron ${parts.version} executable, or unset it.`,
    );
    return { kind: 'browser' };
  }
  // ELECTRON_SKIP_BINARY_DOWNLOAD is how machines say "never download Electron here" (CI does): respected.
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD && env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '0' && env.ELECTRON_SKIP_BINARY_DOWNLOAD !== 'false') {
    say(`Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so start does not download it: ${browser}. ${getIt}`);
    return { kind: 'browser' };
  }
  const host = parts.downloadHost ? `${parts.downloadHost.host}` : 'the download server';
  if ((await parts.reachable()) === false) {
    say(
      `Electron's binary is not installed and ${host} cannot be reached from here: ${browser}. On a network that reaches ${host} run: ${INSTALL_COMMAND} && npm start (or set ELECTRON_PATH to an Electron ${parts.version} executable).`,
    );
    return { kind: 'browser' };
  }
  say(
    `Electron's binary is not installed yet: downloading Electron ${parts.version} (about 100 MB, once) from ${host} into node_modules/electron, for at most ${minutes(timeoutMs)}...`,
  );
  const result = await parts.install();
  if (result.ok) {
    const after = parts.findElectron();
    if (after.binary) {
      say(`Electron ${parts.version} is installed; opening the desktop app.`);
      return { kind: 'desktop', binary: after.binary };
    }
    say(`The Electron installer finished but left no binary in node_modules/electron: ${browser}. Retry with: ${INSTALL_COMMAND} && npm start`);
    return { kind: 'browser' };
  }
  const why = result.reason === 'timeout' ? `did not finish within ${minutes(timeoutMs)}` : `failed (${result.detail ?? 'see above'})`;
  // By hand, the installer follows a proxy only when ELECTRON_GET_USE_PROXY says so (start sets it itself).
  const retry = usesProxy(env)
    ? `ELECTRON_GET_USE_PROXY=true ${INSTALL_COMMAND} && npm start`
    : `${INSTALL_COMMAND} && npm start (behind a proxy: HTTPS_PROXY=<proxy URL> ELECTRON_GET_USE_PROXY=true ${INSTALL_COMMAND})`;
  say(`Downloading Electron ${why}: ${browser}. Retry with: ${retry}.`);
  return { kind: 'browser' };
}
