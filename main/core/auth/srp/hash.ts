import { createHash } from 'node:crypto';

/** SHA-256 as 64 hex digits: the helper's `hash`, used for x, u and k (strings are hashed as UTF-8). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of the bytes a hex string spells: the helper's `hexHash` (inputs come from padHex, so even length). */
export function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, 'hex'));
}
