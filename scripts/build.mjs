// One build entry per process, outputs named by process (see shared architecture notes):
// dist/main (Electron main), dist/preload, dist/renderer (Vite), dist/cli (the command and the demo).
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2); // e.g. `node scripts/build.mjs cli` while iterating

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  // Native keychain binding and Electron are loaded at run time, never bundled.
  external: ['electron', '@napi-rs/keyring'],
};

const targets = {
  cli: () =>
    Promise.all([
      // The credential-process hot path: this file alone must serve a cached credential. Everything else
      // lives in cli-main.cjs, which it requires only when needed.
      build({ ...node, entryPoints: ['main/cli/entry.ts'], outfile: 'dist/cli/cognito-broker.cjs', banner: { js: '#!/usr/bin/env node' }, external: [...node.external, './cli-main.cjs'] }),
      build({ ...node, entryPoints: ['main/cli/cli-main.ts'], outfile: 'dist/cli/cli-main.cjs' }),
      // `npm run demo`: the local backend (cognito-local + our identity-pool server) with a seeded pool.
      build({ ...node, entryPoints: ['test/backend/demo-main.ts'], outfile: 'dist/cli/demo.cjs', external: [...node.external, 'cognito-local'] }),
    ]),
  main: () => build({ ...node, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/main.cjs' }),
  preload: () => build({ ...node, entryPoints: ['preload/preload.ts'], outfile: 'dist/preload/preload.cjs', external: ['electron'] }),
  renderer: () => viteBuild({ configFile: join(root, 'renderer/vite.config.ts'), logLevel: 'warn' }),
};

const names = only.length ? only : Object.keys(targets);
for (const n of names) if (!targets[n]) throw new Error(`unknown build target ${n}`);
if (!only.length) await rm(join(root, 'dist'), { recursive: true, force: true });
await Promise.all(names.map((n) => targets[n]()));
