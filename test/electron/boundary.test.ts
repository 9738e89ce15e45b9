import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The runtime boundary (architecture.md, habit 1): only main/electron and preload import 'electron'.
 * Everything else must run in plain Node, which is what lets the core, the CLI and these tests run where no
 * Electron binary exists. Within main/electron only main.ts takes Electron's values; the other files import
 * types only, so their tests can load them with fakes.
 */
const ROOT = join(__dirname, '..', '..');
const SOURCE_DIRS = ['main', 'preload', 'renderer', 'scripts'];
const ELECTRON_IMPORT =
  /(?:\bfrom\s*['"]electron(?:\/[^'"]*)?['"]|\brequire\(\s*['"]electron(?:\/[^'"]*)?['"]\s*\)|\bimport\(\s*['"]electron(?:\/[^'"]*)?['"]\s*\)|^\s*import\s+['"]electron['"])/m;
const VALUE_IMPORT = /^\s*import\s+(?!type\b)[^;]*from\s*['"]electron['"]/m;

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(full)));
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name)) out.push(full);
  }
  return out;
}

describe("the 'electron' import boundary", () => {
  it('only main/electron and preload import electron', async () => {
    const files = (await Promise.all(SOURCE_DIRS.map((d) => sources(join(ROOT, d))))).flat();
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    const importers: string[] = [];
    for (const file of files) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (!ELECTRON_IMPORT.test(await readFile(file, 'utf8'))) continue;
      importers.push(rel);
      if (!rel.startsWith('main/electron/') && !rel.startsWith('preload/')) offenders.push(rel);
    }
    expect(offenders).toEqual([]);
    expect(importers).toEqual(expect.arrayContaining(['main/electron/main.ts', 'preload/preload.ts']));
  });

  it('detects every way of importing electron (the scanner itself)', () => {
    for (const line of [
      `import { app } from 'electron';`,
      `import type { App } from "electron";`,
      `const e = require('electron');`,
      `await import('electron')`,
      `import 'electron';`,
      `import x from 'electron/main';`,
    ]) {
      expect(ELECTRON_IMPORT.test(line), line).toBe(true);
    }
    for (const line of [`import { app } from 'electron-builder';`, `// electron is imported only in main/electron`, `import x from './electron-shell.js';`]) {
      expect(ELECTRON_IMPORT.test(line), line).toBe(false);
    }
  });

  it("main/electron files other than main.ts take Electron's objects injected (type imports only)", async () => {
    const files = await sources(join(ROOT, 'main', 'electron'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      if (file.endsWith('main.ts')) continue;
      expect(VALUE_IMPORT.test(await readFile(file, 'utf8')), relative(ROOT, file)).toBe(false);
    }
  });

  it('the main-process bundle leaves the HTTP bridge out', async () => {
    const entry = await readFile(join(ROOT, 'main', 'electron', 'main.ts'), 'utf8');
    expect(entry).not.toMatch(/http-bridge|dev-web/);
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [join(ROOT, 'main/electron/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['electron', '@napi-rs/keyring'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('main/electron/electron-shell.ts');
    expect(inputs.filter((i) => /http-bridge|dev-web/.test(i))).toEqual([]);
  });
});
