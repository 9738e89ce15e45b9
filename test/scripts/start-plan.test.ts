import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canConnect, downloadHost, INSTALL_COMMAND, runInstaller, type InstallResult } from '../../scripts/electron-installer.mjs';
import { findElectron, hasDisplay, planStart, type FoundElectron, type StartParts } from '../../scripts/start-plan.mjs';

/**
 * `npm start`'s choice between the desktop app and the browser, with every piece injected (display,
 * binary, network, installer), and the pieces themselves against real files, sockets and child processes.
 * Nothing here reaches beyond 127.0.0.1: the installer is a stand-in script, or Electron's own installer
 * pointed at a closed loopback port.
 */
const ROOT = join(__dirname, '..', '..');

interface Run {
  lines: string[];
  installs: number;
  probes: number;
}

function parts(over: Omit<Partial<StartParts>, 'reachable'> & { found?: FoundElectron[]; result?: InstallResult; reachable?: boolean | undefined } = {}): {
  parts: StartParts;
  run: Run;
} {
  const { found: foundOver, result, reachable, ...rest } = over;
  const run: Run = { lines: [], installs: 0, probes: 0 };
  const found = foundOver ?? [{ missing: true }];
  let lookups = 0;
  const p: StartParts = {
    env: { DISPLAY: ':0' },
    platform: 'linux',
    version: '45.4.1',
    findElectron: () => found[Math.min(lookups++, found.length - 1)]!,
    downloadHost: { host: 'github.com', port: 443 },
    reachable: async () => {
      run.probes++;
      return 'reachable' in over ? reachable : true;
    },
    install: async () => {
      run.installs++;
      return result ?? { ok: true };
    },
    say: (line) => void run.lines.push(line),
    ...rest,
  };
  return { parts: p, run };
}

describe('npm start: desktop app or browser', () => {
  it('opens the desktop app when the binary is there, without asking the network', async () => {
    const { parts: p, run } = parts({ found: [{ binary: '/x/electron' }] });
    expect(await planStart(p)).toEqual({ kind: 'desktop', binary: '/x/electron' });
    expect(run.lines).toEqual(['Opening the desktop app (Electron 45.4.1).']);
    expect(run.probes + run.installs).toBe(0);
  });

  it('uses the browser on a Linux machine without a display, even with the binary, and downloads nothing', async () => {
    const { parts: p, run } = parts({ env: {}, found: [{ binary: '/x/electron' }] });
    expect(await planStart(p)).toEqual({ kind: 'browser' });
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^No display here \(DISPLAY and WAYLAND_DISPLAY are not set\).*browser/);
    expect(run.probes + run.installs).toBe(0);
  });

  it('downloads a missing binary with the package installer when the host answers, then opens the desktop app', async () => {
    const { parts: p, run } = parts({ found: [{ missing: true }, { binary: '/x/electron' }], timeoutMs: 300_000 });
    expect(await planStart(p)).toEqual({ kind: 'desktop', binary: '/x/electron' });
    expect(run.installs).toBe(1);
    expect(run.lines).toEqual([
      "Electron's binary is not installed yet: downloading Electron 45.4.1 (about 100 MB, once) from github.com into node_modules/electron, for at most 5 minutes...",
      'Electron 45.4.1 is installed; opening the desktop app.',
    ]);
  });

  it('falls back to the browser and names the exact command when the installer fails', async () => {
    const { parts: p, run } = parts({ result: { ok: false, reason: 'failed', detail: 'exit code 1' } });
    expect(await planStart(p)).toEqual({ kind: 'browser' });
    expect(run.lines.at(-1)).toBe(
      `Downloading Electron failed (exit code 1): serving the app to your browser instead (npm run dev:web). Retry with: ${INSTALL_COMMAND} && npm start (behind a proxy: HTTPS_PROXY=<proxy URL> ELECTRON_GET_USE_PROXY=true ${INSTALL_COMMAND}).`,
    );
    const behindProxy = parts({
      env: { DISPLAY: ':0', HTTPS_PROXY: 'http://proxy:3128' },
      reachable: undefined,
      result: { ok: false, reason: 'failed', detail: 'exit code 1' },
    });
    await planStart(behindProxy.parts);
    expect(behindProxy.run.lines.at(-1)).toMatch(/Retry with: ELECTRON_GET_USE_PROXY=true npx install-electron && npm start\.$/);
    expect(run.lines.join('\n')).not.toMatch(/reinstall/);
  });

  it('says the time limit when the installer ran out of time', async () => {
    const { parts: p, run } = parts({ result: { ok: false, reason: 'timeout' }, timeoutMs: 60_000 });
    expect(await planStart(p)).toEqual({ kind: 'browser' });
    expect(run.lines.at(-1)).toMatch(/^Downloading Electron did not finish within 1 minute: .*Retry with: npx install-electron && npm start/);
  });

  it('does not try to download when the host cannot be reached, and says what to run where', async () => {
    const { parts: p, run } = parts({ reachable: false });
    expect(await planStart(p)).toEqual({ kind: 'browser' });
    expect(run.installs).toBe(0);
    expect(run.lines).toEqual([
      "Electron's binary is not installed and github.com cannot be reached from here: serving the app to your browser instead (npm run dev:web). On a network that reaches github.com run: npx install-electron && npm start (or set ELECTRON_PATH to an Electron 45.4.1 executable).",
    ]);
  });

  it('behind a proxy (no direct probe) it lets the installer try', async () => {
    const { parts: p, run } = parts({ reachable: undefined, found: [{ missing: true }, { binary: '/x/electron' }] });
    expect((await planStart(p)).kind).toBe('desktop');
    expect(run.installs).toBe(1);
  });

  it('respects ELECTRON_SKIP_BINARY_DOWNLOAD: no probe, no download, the command to run', async () => {
    const { parts: p, run } = parts({ env: { DISPLAY: ':0', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    expect(await planStart(p)).toEqual({ kind: 'browser' });
    expect(run.probes + run.installs).toBe(0);
    expect(run.lines[0]).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set.*For the desktop app run: npx install-electron && npm start$/);
  });

  it('an ELECTRON_PATH that names nothing is said as such, not downloaded around', async () => {
    const { parts: p, run } = parts({ found: [{ badOverride: '/nowhere/electron' }] });
    expect(await planStart(p)).toEqual({ kind: 'browser' });
    expect(run.installs).toBe(0);
    expect(run.lines[0]).toMatch(/^ELECTRON_PATH is \/nowhere\/electron, which does not exist/);
  });

  it('an installer that succeeds without leaving a binary is not reported as success', async () => {
    const { parts: p, run } = parts({ found: [{ missing: true }] });
    expect(await planStart(p)).toEqual({ kind: 'browser' });
    expect(run.lines.at(-1)).toMatch(/left no binary/);
  });

  it('knows where windows can be shown', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({ DISPLAY: ':1' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'darwin')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });
});

describe('the pieces start.mjs passes in', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-start-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("finds the binary the installer names in node_modules/electron/path.txt, or ELECTRON_PATH's", async () => {
    expect(findElectron(dir, {})).toEqual({ missing: true });
    await mkdir(join(dir, 'node_modules', 'electron', 'dist'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(findElectron(dir, {})).toEqual({ missing: true });
    await writeFile(join(dir, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(findElectron(dir, {})).toEqual({ binary: join(dir, 'node_modules', 'electron', 'dist', 'electron') });
    expect(findElectron(dir, { ELECTRON_PATH: join(dir, 'nope') })).toEqual({ badOverride: join(dir, 'nope') });
    expect(findElectron(dir, { ELECTRON_PATH: join(dir, 'node_modules', 'electron', 'path.txt') })).toEqual({
      binary: join(dir, 'node_modules', 'electron', 'path.txt'),
    });
  });

  it('downloads from GitHub or the configured mirror', () => {
    expect(downloadHost({})).toEqual({ host: 'github.com', port: 443 });
    expect(downloadHost({ ELECTRON_MIRROR: 'https://mirror.example.com/electron/' })).toEqual({ host: 'mirror.example.com', port: 443 });
    expect(downloadHost({ electron_config_mirror: 'http://127.0.0.1:8080/e/' })).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(downloadHost({ ELECTRON_MIRROR: 'not a url' })).toBeUndefined();
  });

  it('probes a host with a bounded TCP connect', async () => {
    const server: Server = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(await canConnect({ host: '127.0.0.1', port })).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await canConnect({ host: '127.0.0.1', port }, 1000)).toBe(false);
  });

  const script = async (name: string, body: string) => {
    const file = join(dir, name);
    await writeFile(file, body);
    await chmod(file, 0o755);
    return file;
  };

  it('runs an installer to its end, and reports its failure', async () => {
    expect(await runInstaller({ script: await script('ok.cjs', 'process.exit(0)'), timeoutMs: 10_000, stdio: 'ignore' })).toEqual({ ok: true });
    expect(await runInstaller({ script: await script('bad.cjs', 'process.exit(3)'), timeoutMs: 10_000, stdio: 'ignore' })).toEqual({
      ok: false,
      reason: 'failed',
      detail: 'exit code 3',
    });
  });

  it('ends an installer that outlives the time limit, and leaves no process behind', async () => {
    const pidFile = join(dir, 'pid');
    const hang = await script('hang.cjs', `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`);
    const started = Date.now();
    expect(await runInstaller({ script: hang, timeoutMs: 2000, stdio: 'ignore' })).toEqual({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(8000);
    // On a loaded machine the stand-in may be ended before it wrote its pid: then it certainly did not survive.
    const pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
    if (pid) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('asks the installer to use the proxy when one is set', async () => {
    const out = join(dir, 'env.json');
    const dump = await script(
      'dump.cjs',
      `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ p: process.env.ELECTRON_GET_USE_PROXY ?? null }))`,
    );
    await runInstaller({ script: dump, env: { PATH: process.env.PATH, HTTPS_PROXY: 'http://127.0.0.1:3128' }, timeoutMs: 10_000, stdio: 'ignore' });
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual({ p: 'true' });
    await runInstaller({ script: dump, env: { PATH: process.env.PATH }, timeoutMs: 10_000, stdio: 'ignore' });
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual({ p: null });
  });

  it("Electron's own installer is where start looks for it and runs on this Node (pointed at a closed loopback port)", async () => {
    const installer = join(ROOT, 'node_modules', 'electron', 'install.js');
    expect(existsSync(installer)).toBe(true);
    const alreadyInstalled = 'binary' in findElectron(ROOT, {});
    const result = await runInstaller({
      script: installer,
      env: { PATH: process.env.PATH, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(dir, 'cache') },
      timeoutMs: 30_000,
      stdio: 'ignore',
    });
    // Without a binary it must get as far as the download (and fail there, on loopback); with one it is a no-op.
    expect(result).toEqual(alreadyInstalled ? { ok: true } : { ok: false, reason: 'failed', detail: 'exit code 1' });
  });
});

describe('scripts/start.mjs', () => {
  const start = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', 'nope'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: tmpdir(), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('says in one line why it uses the browser and hands over to dev:web (which here refuses the bad port)', () => {
    const noDisplay = start({});
    expect(noDisplay.stderr.split('\n')[0]).toMatch(/^No display here/);
    expect(noDisplay.stderr).toMatch(/--port must be a port number/);
    expect(noDisplay.status).toBe(2);

    const badPath = start({ DISPLAY: ':99', ELECTRON_PATH: '/nonexistent/electron' });
    expect(badPath.stderr.split('\n')[0]).toMatch(/^ELECTRON_PATH is \/nonexistent\/electron, which does not exist/);
    expect(badPath.status).toBe(2);
  });
});
