// The window's two figures: production JavaScript size (gzip, target <= 250 KB) and the time from navigation
// to the accounts list in headless Chromium, against the HTTP bridge and a seeded real core (the project's
// backend, a private Secret Service, five accounts, three signed in). Prints one row per figure; exits
// non-zero when the size is over budget. Run it alone or from scripts/bench.mjs.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createInterface } from 'node:readline';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_KB = 250;
const RUNS = Number(process.env.BENCH_RENDERER_RUNS ?? 7);
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes) => (bytes / 1024).toFixed(1);

async function bundleSize() {
  const out = await mkdtemp(join(tmpdir(), 'cb-bench-renderer-'));
  try {
    await viteBuild({ configFile: join(root, 'renderer/vite.config.mts'), logLevel: 'error', build: { outDir: out, emptyOutDir: true } });
    let raw = 0;
    let gzip = 0;
    for (const file of await readdir(join(out, 'assets'))) {
      if (!file.endsWith('.js')) continue;
      const bytes = await readFile(join(out, 'assets', file));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { raw, gzip };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Bundles the TypeScript world starter next to this script's checkout so its node_modules resolve. */
async function startWorld() {
  const dir = await mkdtemp(join(root, 'node_modules', '.cb-bench-'));
  const entry = join(dir, 'bench-world.cjs');
  await esbuild({
    entryPoints: [join(root, 'test/e2e/bench-world-main.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  // The world's stderr (the AWS SDK's Node-version notice, mostly) is shown only if it fails to start.
  const child = spawn(process.execPath, [entry, root], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the bench world exited (${code}) before it was ready:\n${stderr}`)));
  });
  const { url } = JSON.parse(line);
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function timeToAccounts(url) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, headless: true });
  try {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      // performance.now() counts from the navigation's time origin: the figure is navigation → list painted.
      const handle = await page.waitForFunction(
        () => {
          // Runs in the page (Chromium), where the DOM is a global; this script itself runs in Node.
          const { document } = globalThis;
          const cards = document.querySelectorAll('ul[aria-label="Accounts"] > li');
          return cards.length === 5 && document.body.textContent.includes('Signed in') ? performance.now() : false;
        },
        undefined,
        { polling: 'raf' },
      );
      times.push(await handle.jsonValue());
      await context.close();
    }
    return times;
  } finally {
    await browser.close();
  }
}

const size = await bundleSize();
console.log(`renderer bundle JS gzip: ${kb(size.gzip)} KB (raw ${kb(size.raw)} KB; budget ${BUDGET_KB} KB)`);
const world = await startWorld();
try {
  const times = await timeToAccounts(world.url);
  console.log(
    `renderer navigation to accounts list (5 accounts, real core via bridge): median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${times.length} runs`,
  );
} finally {
  await world.stop();
}
if (size.gzip > BUDGET_KB * 1024) {
  console.error(`renderer bundle is over its ${BUDGET_KB} KB gzip budget`);
  process.exitCode = 1;
}
