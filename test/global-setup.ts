import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests that run the built CLI, the demo bundle or the renderer need dist/ to match the sources. The
 * Node bundles build in milliseconds, so they are rebuilt once per test run here (never per test file:
 * parallel files rebuilding the same outputs would read each other's half-written bundles). The renderer
 * (Vite, slower) is rebuilt only when missing. `npm test` builds everything before vitest starts and
 * sets COGNITO_BROKER_SKIP_BUILD=1.
 */
export default function setup(): void {
  if (process.env.COGNITO_BROKER_SKIP_BUILD === '1') return;
  const root = join(__dirname, '..');
  const targets = ['cli', 'demo', 'main', 'preload'];
  if (!existsSync(join(root, 'dist/renderer/index.html'))) targets.push('renderer');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-present', ...targets], { cwd: root, stdio: 'inherit' });
}
