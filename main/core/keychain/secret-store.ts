/**
 * The only place secrets are kept. Implemented over the OS keychain (@napi-rs/keyring, Secret Service
 * pinned on Linux); keys are namespaced per broker home so two homes never see each other's entries.
 * Every method fails with BrokerError('keychain-locked' | 'keychain-unavailable' | 'keychain-timeout'),
 * never by returning null for a store it could not read.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** True when an entry was deleted. */
  delete(key: string): Promise<boolean>;
}

/**
 * The keychain port the broker and the app are built with (KeyringStore implements it): a SecretStore that
 * can also list and delete every entry of one account (sign-out, account removal).
 */
export interface AccountSecretStore extends SecretStore {
  keysOf(account: string): Promise<string[]>;
  deleteAll(account: string): Promise<number>;
}

/** Key names, one place, so the CLI hot path and the app agree. */
export const secretKeys = {
  refreshToken: (account: string) => `${account}/refresh-token`,
  /** ID + access token of the current session (short-lived; kept so status and role lists need no network). */
  session: (account: string) => `${account}/session`,
  clientSecret: (account: string) => `${account}/client-secret`,
  identityId: (account: string) => `${account}/identity-id`,
  /** Cached AWS credentials per (account, role); `role` is the role ARN. */
  credentials: (account: string, role: string) => `${account}/credentials/${role}`,
  /**
   * This computer as a remembered device of `username` (the pool's name for the user): device key, group key
   * and the device password (auth/devices/device-record.ts). Kept by logout, deleted by forget and removal.
   */
  device: (account: string, username: string) => `${account}/device/${username}`,
};
