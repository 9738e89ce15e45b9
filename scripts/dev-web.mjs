// `npm run dev:web` (after the build): the renderer in a browser against the real core, through the local
// HTTP bridge. Bundles main/core/app/dev-web.ts with esbuild (milliseconds) into dist/dev, which is never
// packaged, then runs it until Ctrl-C.
//   node scripts/dev-web.mjs [--port N]
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
  console.error(`--port must be a port number, not "${values.port}".`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist/renderer/index.html'))) {
  console.error('The renderer is not built (dist/renderer/index.html is missing). Run `npm run build` first, or use `npm run dev:web`.');
  process.exit(1);
}

const outfile = join(root, 'dist/dev/dev-web.cjs');
await build({
  entryPoints: [join(root, 'main/core/app/dev-web.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  external: ['electron', '@napi-rs/keyring'],
});

// The AWS SDK warns once, on the first Cognito call, that its releases after January 2027 need Node 22. That
// is addressed to us (README, "Node versions"), not to the person signing in, and in the middle of a sign-in
// on this terminal it reads like an error. Filtered in this process only (not with the SDK's opt-out
// variable, which would be passed on to every program the core starts), as the CLI does.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const text = typeof warning === 'string' ? warning : (warning?.message ?? '');
  if (text.startsWith('NodeVersionSupportWarning')) return;
  return emitWarning.call(process, warning, ...rest);
};

const { runDevWeb } = createRequire(import.meta.url)(outfile);
const app = await runDevWeb({ root, port });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
