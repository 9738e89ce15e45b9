import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Electron shell goes through the AppService, never behind its back: no file under main/electron imports
 * a store (accounts, settings, profiles, keychain, activity log, credential cache). What the shell needs is a
 * service method, which the core's tests cover without Electron.
 */
const ELECTRON_DIR = join(__dirname, '..', '..', 'main', 'electron');
const STORE_IMPORT =
  /from\s*['"][^'"]*\/core\/(?:accounts\/account-store|settings\/settings-store|aws-config\/(?:profile-store|profile-views|config-edit)|activity\/activity-log|keychain\/|credentials\/)[^'"]*['"]/;

describe('main/electron reaches the stores only through the service', () => {
  it('imports no store module', async () => {
    const files = (await readdir(ELECTRON_DIR)).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('electron-shell.ts');
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(join(ELECTRON_DIR, file), 'utf8');
      for (const line of text.split('\n')) if (STORE_IMPORT.test(line)) offenders.push(`${file}: ${line.trim()}`);
    }
    expect(offenders).toEqual([]);
  });

  it('recognises the store imports the shell once had (the scanner itself)', () => {
    for (const line of [
      `import { loadAccounts } from '../core/accounts/account-store.js';`,
      `import { loadSettings } from '../core/settings/settings-store.js';`,
      `import { listProfileViews } from "../core/aws-config/profile-store.js";`,
      `import { keyringStore } from '../core/keychain/keyring-store.js';`,
      `import type { CredentialBroker } from '../core/credentials/credential-broker.js';`,
    ]) {
      expect(STORE_IMPORT.test(line), line).toBe(true);
    }
    for (const line of [`import { trayMenu } from '../core/tray/tray-model.js';`, `import { brokerHome } from '../core/paths.js';`]) {
      expect(STORE_IMPORT.test(line), line).toBe(false);
    }
  });
});
