import { resolve } from 'node:path';

/**
 * FNV-1a, 64-bit, as 16 hex digits. Not a crypto hash on purpose: this runs on the credential-process hot
 * path, where loading node:crypto alone costs several milliseconds, and its uses (a namespace, a lock file
 * name) only need to be stable and distinct, not secret.
 */
export function shortHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The keychain "service" under which every entry of one broker home lives: `cognito-broker/<16 hex>`.
 * Two homes (two test runs, a demo next to real use) get different services, so they never read, overwrite
 * or delete each other's entries.
 */
export function keychainService(home: string): string {
  return `cognito-broker/${shortHash(resolve(home))}`;
}
