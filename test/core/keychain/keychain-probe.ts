import { KeyringStore } from '../../../main/core/keychain/keyring-store.js';
import { isBrokerError } from '../../../main/core/errors.js';

/**
 * Run in a child process by keyring-store tests: the keyring library keeps one D-Bus connection per
 * process, so a test of another bus (none, locked, frozen) needs a process of its own.
 * argv: <home> <get|set> <key> [value]; prints one JSON line.
 */
async function main(): Promise<void> {
  const [home, op, key, value] = process.argv.slice(2) as [string, string, string, string | undefined];
  const store = new KeyringStore(home, { timeoutMs: Number(process.env.PROBE_TIMEOUT_MS ?? 5000) });
  const started = Date.now();
  try {
    const result = op === 'set' ? (await store.set(key, value ?? ''), 'stored') : await store.get(key);
    process.stdout.write(`${JSON.stringify({ ok: true, result, ms: Date.now() - started })}\n`);
  } catch (error) {
    const e = isBrokerError(error) ? { code: error.code, message: error.message, hint: error.hint } : { code: 'not-a-broker-error', message: String(error) };
    process.stdout.write(`${JSON.stringify({ ok: false, ...e, ms: Date.now() - started })}\n`);
  }
  process.exit(0);
}
void main();
