import { build } from 'esbuild';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * Child processes in these tests run the real product modules. vitest runs TypeScript in-process only, so
 * a child's entry is bundled once with esbuild (milliseconds) into a world-readable temp folder — readable
 * by `nobody` too, for the tests that drop privileges.
 */
export async function bundleChild(entry: string): Promise<{ file: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-child-'));
  await chmod(dir, 0o755);
  const file = join(dir, basename(entry).replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // Bundled CommonJS dependencies may call require(): give the ES module one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  await chmod(file, 0o644);
  return { file, dir };
}
