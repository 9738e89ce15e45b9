import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests that run the built CLI, the demo bundle or the renderer need dist/ to match the sources. The
 * Node bundles build in milliseconds, so they are rebuilt once per test run here (never per test file:
 * parallel files rebuilding the same outputs would read each other's half-written bundles). The renderer
 * is rebuilt only when missing; `npm test` builds everything before vitest starts.
 */
export default function setup(): void {
  const root = join(__dirname, '..');
  if (process.env.COGNITO_BROKER_SKIP_BUILD === '1') return;
  const targets = ['cli', 'main', 'preload'];
  if (!existsSync(join(root, 'dist/renderer/index.html'))) targets.push('renderer');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), ...targets], { cwd: root, stdio: 'inherit' });
}
