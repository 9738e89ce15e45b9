import { defineConfig } from 'vitest/config';

/**
 * Tests by runtime: `node` (core, CLI, electron adapter with injected fakes, integration against real
 * loopback servers, end-to-end in Chromium) and `dom` (React component tests in happy-dom).
 * Integration tests start their own servers on free 127.0.0.1 ports and stop them, so files run in parallel;
 * the machines have 2 cores, hence the generous timeouts.
 */
export default defineConfig({
  test: {
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/support/setup.ts'],
        },
      },
    ],
  },
});
