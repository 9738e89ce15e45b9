import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Packages the app for real with electron-builder (`--dir`), using a stand-in for the Electron executable
 * because the real binary cannot be downloaded here (test-environment.md). The stand-in is a shell script
 * that prints how it was started, followed (after `exit`) by a fuse wire in Electron's format — so the
 * fuses electron-builder flips can be read back, and the CLI launcher can be run against it.
 */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out;
}

describe('packaging (electron-builder --dir with a stand-in Electron)', () => {
  let dir: string;
  let app: string;
  let rendererFiles: string[];

  beforeAll(async () => {
    rendererFiles = (await listFiles(join(ROOT, 'dist', 'renderer'))).map(
      (f) =>
        `/dist/renderer/${relative(join(ROOT, 'dist', 'renderer'), f)
          .split('\\')
          .join('/')}`,
    );
    dir = await mkdtemp(join(tmpdir(), 'cb-pack-'));
    const dist = join(dir, 'electron-dist');
    await mkdir(dist);
    const standIn = Buffer.concat([
      Buffer.from(
        '#!/bin/sh\nprintf "RUN_AS_NODE=%s\\nLAUNCHER=%s\\n" "$ELECTRON_RUN_AS_NODE" "$COGNITO_BROKER_LAUNCHER"\nfor a in "$@"; do printf "ARG=%s\\n" "$a"; done\nexit 0\n# ',
      ),
      Buffer.from(SENTINEL, 'ascii'),
      // Fuse wire version 1, eight fuses, all "inherit" until electron-builder sets them.
      Buffer.from([1, 8, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x0a]),
    ]);
    await writeFile(join(dist, 'electron'), standIn);
    await chmod(join(dist, 'electron'), 0o755);
    const electronVersion = JSON.parse(await readFile(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version as string;
    await writeFile(join(dist, 'version'), electronVersion);
    await writeFile(join(dist, 'LICENSE'), 'MIT');
    await writeFile(join(dist, 'LICENSES.chromium.html'), '<html></html>');
    await run(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
        '--dir',
        '--linux',
        '--x64',
        `-c.electronDist=${dist}`,
        `-c.directories.output=${join(dir, 'out')}`,
      ],
      { cwd: ROOT, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, maxBuffer: 64 * 1024 * 1024 },
    );
    app = join(dir, 'out', 'linux-unpacked');
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('puts exactly the bundles and package.json in app.asar (no sources, tests, maps, dev bridge or demo)', async () => {
    const asar = (await import('@electron/asar')) as unknown as {
      listPackage(path: string, options?: object): string[];
      statFile(archive: string, file: string): object;
    };
    const archive = join(app, 'resources', 'app.asar');
    // Every entry that is not a directory (a directory's stat has `files`).
    const files = asar
      .listPackage(archive, { isPack: false })
      .map((f) => f.split('\\').join('/'))
      .filter((f) => !('files' in asar.statFile(archive, f.slice(1))));
    const expected = [
      '/package.json',
      '/dist/main/main.cjs',
      '/dist/preload/preload.cjs',
      '/dist/cli/cognito-broker.cjs',
      '/dist/cli/keychain-path.cjs',
      '/dist/cli/cli-main.cjs',
      '/node_modules/@napi-rs/keyring/index.js',
      '/node_modules/@napi-rs/keyring/package.json',
      '/node_modules/@napi-rs/keyring-linux-x64-gnu/package.json',
      '/node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node',
      ...rendererFiles,
    ];
    expect([...files].sort()).toEqual([...expected].sort());
    expect(rendererFiles).toContain('/dist/renderer/index.html');
    expect(files.filter((f) => /\.(ts|tsx|map)$|\/test\/|demo|dev-web|http-bridge/.test(f))).toEqual([]);
  });

  it('unpacks only the native keychain binding next to the archive', async () => {
    const unpacked = (await listFiles(join(app, 'resources', 'app.asar.unpacked'))).map((f) => relative(join(app, 'resources', 'app.asar.unpacked'), f));
    expect(unpacked.filter((f) => f.endsWith('.node'))).toEqual(['node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node']);
  });

  it('ships the CLI launcher and tray icons as resources', async () => {
    const resources = (await listFiles(join(app, 'resources'))).map((f) => relative(join(app, 'resources'), f)).filter((f) => !f.startsWith('app.asar'));
    expect(resources.sort()).toEqual([
      'cli/cognito-broker',
      'cli/cognito-broker.cmd',
      'icons/tray/tray-active.png',
      'icons/tray/tray-active@2x.png',
      'icons/tray/tray-attention.png',
      'icons/tray/tray-attention@2x.png',
      'icons/tray/tray-idle.png',
      'icons/tray/tray-idle@2x.png',
    ]);
  });

  it('the packaged package.json starts the main bundle', async () => {
    const asar = (await import('@electron/asar')) as unknown as { extractFile(archive: string, file: string): Buffer };
    const pkg = JSON.parse(asar.extractFile(join(app, 'resources', 'app.asar'), 'package.json').toString('utf8'));
    expect(pkg.main).toBe('dist/main/main.cjs');
    const main = asar.extractFile(join(app, 'resources', 'app.asar'), 'dist/main/main.cjs').toString('utf8');
    expect(main).not.toContain('startBridge');
    expect(main).not.toContain('/api/events');
  });

  it('sets every fuse as electron-builder.yml documents', async () => {
    const { getCurrentFuseWire, FuseV1Options } = (await import('@electron/fuses')) as typeof import('@electron/fuses');
    const wire = (await getCurrentFuseWire(join(app, 'cognito-broker'))) as unknown as Record<number, number>;
    const on = 49;
    const off = 48;
    expect({
      RunAsNode: wire[FuseV1Options.RunAsNode],
      EnableCookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      EnableNodeOptionsEnvironmentVariable: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      EnableNodeCliInspectArguments: wire[FuseV1Options.EnableNodeCliInspectArguments],
      EnableEmbeddedAsarIntegrityValidation: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      OnlyLoadAppFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      LoadBrowserProcessSpecificV8Snapshot: wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
      GrantFileProtocolExtraPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      RunAsNode: on,
      EnableCookieEncryption: on,
      EnableNodeOptionsEnvironmentVariable: off,
      EnableNodeCliInspectArguments: off,
      EnableEmbeddedAsarIntegrityValidation: on,
      OnlyLoadAppFromAsar: on,
      LoadBrowserProcessSpecificV8Snapshot: off,
      GrantFileProtocolExtraPrivileges: on,
    });
  });

  it('the CLI launcher runs the bundled CLI with the app in Node mode, also through a symbolic link', async () => {
    const launcher = join(app, 'resources', 'cli', 'cognito-broker');
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await symlink(launcher, join(bin, 'cognito-broker'));
    for (const path of [launcher, join(bin, 'cognito-broker')]) {
      const { stdout } = await run(path, ['credential-process', 'dev', '--role', 'arn:aws:iam::123456789012:role/A B']);
      expect(stdout.split('\n')).toEqual([
        'RUN_AS_NODE=1',
        `LAUNCHER=${launcher}`,
        `ARG=${join(app, 'resources', 'app.asar', 'dist', 'cli', 'cognito-broker.cjs')}`,
        'ARG=credential-process',
        'ARG=dev',
        'ARG=--role',
        'ARG=arn:aws:iam::123456789012:role/A B',
        '',
      ]);
    }
  });
});
