import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/**
 * Client SRP runs on native BigInt and node:crypto (main/core/auth/srp): cognito-srp-helper, and with it
 * crypto-js (discontinued upstream), jsbn and the buffer polyfill, stay dev-only — in neither the runtime
 * dependency tree nor the shipped bundles. The bundles are minified, so each library is recognised by a
 * string of its own that minification keeps; the last test shows those strings do find the old library.
 */
const MARKERS: Record<string, string> = {
  'cognito-srp-helper': 'Aborting SRP due to 0 value',
  'crypto-js': 'Native crypto module could not be used',
  jsbn: 'Microsoft Internet Explorer',
  'buffer (polyfill)': 'Buffer size must be a multiple of 16-bits',
};
const found = (code: string) => Object.keys(MARKERS).filter((name) => code.includes(MARKERS[name] as string));

describe('runtime dependencies after SRP on the platform', () => {
  it('npm ls --omit=dev lists no crypto-js, jsbn or buffer', async () => {
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--json', 'crypto-js', 'jsbn', 'buffer', 'cognito-srp-helper'], { cwd: ROOT }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '{}' }),
    );
    expect((JSON.parse(stdout) as { dependencies?: object }).dependencies ?? {}).toEqual({});
  });

  it('the built CLI and main-process bundles contain none of them', async () => {
    for (const bundle of ['dist/cli/cli-main.cjs', 'dist/cli/cognito-broker.cjs', 'dist/cli/keychain-path.cjs', 'dist/main/main.cjs']) {
      expect({ bundle, found: found(await readFile(join(ROOT, bundle), 'utf8')) }).toEqual({ bundle, found: [] });
    }
  });

  it('the markers do find the old library in a bundle built the same way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-srp-markers-'));
    try {
      const entry = join(dir, 'entry.ts');
      await writeFile(entry, "import { createSrpSession, signSrpSession } from 'cognito-srp-helper';\nconsole.log(createSrpSession, signSrpSession);\n");
      const out = await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        minify: true,
        legalComments: 'none',
        write: false,
        nodePaths: [join(ROOT, 'node_modules')],
        logLevel: 'silent',
      });
      expect(found(out.outputFiles[0]?.text ?? '')).toEqual(Object.keys(MARKERS));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
