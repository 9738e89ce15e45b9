import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import type { SecretStore } from './secret-store.js';
import { secretKeys } from './secret-store.js';
import { keychainService } from './service-name.js';
import { keychainError, keychainTimeout } from './keychain-errors.js';

/**
 * Pinned to the Secret Service on Linux: the library's default silently falls back to the kernel keyring,
 * which is memory-only and answers "not found" when D-Bus is missing (ignored on macOS and Windows).
 */
export const KEYRING_OPTIONS = { linux: { store: 'secret-service' as const } };

/** A healthy keychain answers in milliseconds; this bounds a wait on one that does not. */
export const KEYCHAIN_TIMEOUT_MS = 5_000;

export interface KeyringStoreOptions {
  /** Per-operation bound; the operation itself cannot be cancelled (see test-environment notes). */
  timeoutMs?: number;
}

/**
 * The SecretStore over the OS keychain. Entries live under `keychainService(home)` with the key as the
 * account name, so one broker home never sees another's. Entry objects are kept for the life of the store
 * because each new one opens a D-Bus connection; the long-running app holds one store.
 */
export class KeyringStore implements SecretStore {
  readonly service: string;
  private readonly timeoutMs: number;
  private readonly entries = new Map<string, AsyncEntry>();

  constructor(home: string, options: KeyringStoreOptions = {}) {
    this.service = keychainService(home);
    this.timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
  }

  async get(key: string): Promise<string | null> {
    return this.run('read a saved secret', () => this.entry(key).getPassword());
  }

  async set(key: string, value: string): Promise<void> {
    await this.run('save a secret', () => this.entry(key).setPassword(value));
  }

  async delete(key: string): Promise<boolean> {
    return this.run('delete a saved secret', () => this.entry(key).deleteCredential());
  }

  /** Every key of one account (`<account>/...`) in this home, found by listing the service's entries. */
  async keysOf(account: string): Promise<string[]> {
    // A pinned read first: the listing below uses the library's default store selection, which would
    // report an empty list rather than an error when the Secret Service is missing.
    await this.get(secretKeys.identityId(account));
    const found = await this.run('list saved secrets', () => findCredentialsAsync(this.service));
    const prefix = `${account}/`;
    return found.map((c) => c.account).filter((name) => name.startsWith(prefix));
  }

  /** Sign-out and account removal: deletes every entry of `account`; returns how many were removed. */
  async deleteAll(account: string): Promise<number> {
    const keys = new Set([
      secretKeys.refreshToken(account),
      secretKeys.session(account),
      secretKeys.identityId(account),
      secretKeys.clientSecret(account),
      ...(await this.keysOf(account)),
    ]);
    let removed = 0;
    for (const key of keys) if (await this.delete(key)) removed++;
    return removed;
  }

  private entry(key: string): AsyncEntry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = new AsyncEntry(this.service, key, KEYRING_OPTIONS);
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async run<T>(action: string, op: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(keychainTimeout(action)), this.timeoutMs);
      timer.unref();
    });
    try {
      // `op()` may throw synchronously (the Entry constructor connects to D-Bus): inside the async wrapper.
      return await Promise.race([(async () => op())(), timeout]);
    } catch (error) {
      throw keychainError(error, action);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** One store per home for the life of the process (the app, a CLI run). */
const stores = new Map<string, KeyringStore>();
export function keyringStore(home: string): KeyringStore {
  const service = keychainService(home);
  let store = stores.get(service);
  if (!store) {
    store = new KeyringStore(home);
    stores.set(service, store);
  }
  return store;
}
