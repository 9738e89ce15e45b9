import { startPrivateSecretService } from './private-secret-service.js';

/**
 * A real, unlocked Secret Service of this test file's own (gnome-keyring-daemon on a private D-Bus), so the
 * app's keychain writes neither depend on nor disturb the session's shared keyring, which other test files
 * lock and freeze on purpose. The keychain library reads the D-Bus address from the environment at each
 * call, so the file's process points at the private one until `restore`.
 */
export async function usePrivateKeychain(): Promise<{ restore(): Promise<void> }> {
  const keyring = await startPrivateSecretService();
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(keyring.env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  return {
    async restore() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await keyring.stop();
    },
  };
}
