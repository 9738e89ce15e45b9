/**
 * The environment entry that marks a server process a test started (cognito-local, a forward proxy), so the
 * global teardown (test/global-setup.ts) ends any that a crashed or timed-out test file left running.
 * Empty outside a vitest run (the demo starts the same servers and owns them itself).
 */
export function testServerMark(): Record<string, string> {
  const run = process.env.COGNITO_BROKER_TEST_RUN;
  return run ? { COGNITO_BROKER_TEST_SERVER: run } : {};
}
