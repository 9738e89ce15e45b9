// Getting Electron's binary for `npm start`. Electron's npm package (45.x) no longer downloads it at install
// time: it ships `install-electron` (node_modules/electron/install.js), which downloads the zip for this
// platform from GitHub (or ELECTRON_MIRROR), checks it against the package's checksums and writes path.txt.
// Here: ask whether its download host answers at all, and run that installer with a time limit.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

/** What a person runs by hand to get the binary (the package's own command, from node_modules/.bin). */
export const INSTALL_COMMAND = 'npx install-electron';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** True when a proxy variable is set: the installer must go through it, and a direct probe says nothing. */
export function usesProxy(env) {
  return PROXY_VARIABLES.some((name) => (env[name] ?? '').trim() !== '');
}

/** Where the installer downloads from: the mirror the package honours, else GitHub. */
export function downloadHost(env) {
  const mirror = env.ELECTRON_MIRROR || env.electron_config_mirror || env.npm_config_electron_mirror;
  if (mirror) {
    try {
      const url = new URL(mirror);
      return { host: url.hostname, port: Number(url.port) || (url.protocol === 'http:' ? 80 : 443) };
    } catch {
      // A mirror that is not a URL: the installer will say so itself; probe nothing.
      return undefined;
    }
  }
  return { host: 'github.com', port: 443 };
}

/** A TCP connection to the download host within `timeoutMs`: a firewall that drops packets answers in seconds, not after minutes. */
export function canConnect({ host, port }, timeoutMs = 4000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Runs the installer script with this Node, its output on our terminal (its progress bar appears after
 * 30 s), and ends it after `timeoutMs`. Resolves `{ ok: true }`, or `{ ok: false, reason: 'timeout' }`, or
 * `{ ok: false, reason: 'failed', detail }`.
 */
export function runInstaller({ script, env = process.env, timeoutMs, node = process.execPath, stdio = 'inherit' }) {
  // @electron/get follows HTTPS_PROXY only when asked to: behind a company proxy the download would fail.
  const childEnv = usesProxy(env) ? { ...env, ELECTRON_GET_USE_PROXY: env.ELECTRON_GET_USE_PROXY ?? 'true' } : env;
  return new Promise((resolve) => {
    const child = spawn(node, [script], { env: childEnv, stdio });
    let timedOut = false;
    let forceKill;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      forceKill = setTimeout(() => child.kill('SIGKILL'), 2000);
    }, timeoutMs);
    // Ctrl-C in the terminal reaches the installer too; if start itself is told to stop, the installer stops with it.
    const stop = () => child.kill('SIGTERM');
    process.once('SIGTERM', stop);
    child.once('error', (err) => {
      clearTimeout(timer);
      process.off('SIGTERM', stop);
      resolve({ ok: false, reason: 'failed', detail: err.message });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(forceKill);
      process.off('SIGTERM', stop);
      if (timedOut) resolve({ ok: false, reason: 'timeout' });
      else if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, reason: 'failed', detail: signal ? `stopped by ${signal}` : `exit code ${code}` });
    });
  });
}
