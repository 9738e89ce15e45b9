import type { ICognitoStorage } from 'amazon-cognito-identity-js';

/**
 * amazon-cognito-identity-js keeps tokens and the device key, group and secret in its storage (localStorage in
 * a browser): a Map stands in for it, so a test can read what the library kept and start a second "browser"
 * from a copy.
 */
export class MapStorage implements ICognitoStorage {
  readonly items = new Map<string, string>();
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
  copy(): MapStorage {
    const other = new MapStorage();
    for (const [k, v] of this.items) other.items.set(k, v);
    return other;
  }
}
