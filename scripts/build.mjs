// One build entry per process, outputs named by process (see shared architecture notes):
// dist/main (Electron main), dist/preload, dist/renderer (Vite), dist/cli (the command and the demo).
//   node scripts/build.mjs                 everything (a missing entry is an error)
//   node scripts/build.mjs cli preload     only those targets
//   node scripts/build.mjs --if-present    every target whose entry files exist (test set-up while
//                                          parts of the tree are still being written)
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const ifPresent = args.includes('--if-present');
const only = args.filter((a) => !a.startsWith('--'));

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
  cli: {
    entries: ['main/cli/entry.ts', 'main/cli/keychain-path.ts', 'main/cli/cli-main.ts'],
    run: () =>
      Promise.all([
        // The first stage of every call: with the app or `serve` running, this file alone answers
        // credential-process over the credential socket. Kept to a few KB: Node compiles all of it on
        // every AWS call. Anything else goes to keychain-path.cjs, required only then.
        build({
          ...node,
          entryPoints: ['main/cli/entry.ts'],
          outfile: 'dist/cli/cognito-broker.cjs',
          banner: { js: '#!/usr/bin/env node' },
          external: [...node.external, './keychain-path.cjs'],
        }),
        // The keychain hot path: this file (and the keychain binding) serves a cached credential when no app
        // answers. Everything else lives in cli-main.cjs, which it requires only when needed.
        build({
          ...node,
          entryPoints: ['main/cli/keychain-path.ts'],
          outfile: 'dist/cli/keychain-path.cjs',
          external: [...node.external, './cli-main.cjs'],
        }),
        // Minified: every command that is not a cache hit parses this file (~2x smaller, ~30% faster to load).
        build({ ...node, entryPoints: ['main/cli/cli-main.ts'], outfile: 'dist/cli/cli-main.cjs', minify: true, keepNames: true }),
      ]),
  },
  // `npm run demo`: the local backend (cognito-local + our identity-pool server) with a seeded pool.
  demo: {
    entries: ['test/stand-ins/demo-main.ts'],
    run: () => build({ ...node, entryPoints: ['test/stand-ins/demo-main.ts'], outfile: 'dist/cli/demo.cjs', external: [...node.external, 'cognito-local'] }),
  },
  main: {
    entries: ['main/electron/main.ts'],
    run: () => build({ ...node, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/main.cjs' }),
  },
  preload: {
    entries: ['preload/preload.ts'],
    run: () => build({ ...node, entryPoints: ['preload/preload.ts'], outfile: 'dist/preload/preload.cjs', external: ['electron'] }),
  },
  renderer: {
    entries: ['renderer/vite.config.mts'],
    run: async () => {
      const { build: viteBuild } = await import('vite');
      await viteBuild({ configFile: join(root, 'renderer/vite.config.mts'), logLevel: 'warn' });
    },
  },
};

let names = only.length ? only : Object.keys(targets);
for (const n of names) if (!targets[n]) throw new Error(`unknown build target ${n}`);
if (ifPresent) names = names.filter((n) => targets[n].entries.every((e) => existsSync(join(root, e))));
if (!only.length && !ifPresent) await rm(join(root, 'dist'), { recursive: true, force: true });
await Promise.all(names.map((n) => targets[n].run()));
