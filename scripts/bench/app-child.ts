import { createInterface } from 'node:readline';
import { startAppRuntime, type AppRuntime } from '../../main/core/app/app-runtime.js';
import { brokerHome } from '../../main/core/paths.js';

/**
 * The running desktop app, for `npm run bench`: the real app runtime (the one the Electron shell and dev:web
 * start: refresher, hand-off, credential socket) on the bench's home, in a process of its own, as the app
 * is. The benchmark starts and stops it between measured runs by writing `open` or `close` on stdin, and
 * waits for `ok`; the process ends with its stdin. Bundled by scripts/bench.mjs with esbuild on the fly.
 */
const script = process.argv[2];
if (!script) throw new Error('usage: app-child.cjs <path of dist/cli/cognito-broker.cjs>');
const home = brokerHome();
let runtime: AppRuntime | undefined;

async function handle(command: string): Promise<void> {
  if (command === 'open' && runtime === undefined) {
    runtime = await startAppRuntime({ home, env: process.env, launcher: { kind: 'node-script', node: process.execPath, script } });
  } else if (command === 'close' && runtime !== undefined) {
    await runtime.stop();
    runtime = undefined;
  }
  process.stdout.write('ok\n');
}

let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  queue = queue
    .then(() => handle(line.trim()))
    .catch((error: unknown) => {
      process.stderr.write(`bench app: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
});
lines.on('close', () => {
  void queue.then(() => runtime?.stop()).then(() => process.exit(0));
});
