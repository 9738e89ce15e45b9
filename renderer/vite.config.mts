import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `.mts`: the package is CommonJS (no "type": "module"), so a `.ts` config with ESM syntax makes Vite warn on
// every build that its coming native config loader cannot read it; an ES module file needs no such guess.
// URL (not node:path) keeps this file inside the renderer's DOM-only tsconfig.
const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

/**
 * The window's bundle. `base: './'` lets Electron load it from disk (file://) and the HTTP bridge serve it
 * from `/`. No inline script or eval is emitted (the module preload polyfill is off), so index.html can carry a
 * strict Content-Security-Policy.
 */
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}../dist/renderer`,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1' },
});
