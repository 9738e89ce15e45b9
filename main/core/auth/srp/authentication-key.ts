import { hkdfSync } from 'node:crypto';
import { g, k, N } from './group.js';
import { hexHash, sha256Hex } from './hash.js';
import { padHex } from './hex.js';
import { modPow } from './mod-pow.js';
import type { ClientEphemeral } from './ephemeral.js';

export interface KeyInputs {
  /**
   * The pool's part of the proof: the user pool id after its "_" for USER_SRP_AUTH, the device group key
   * for DEVICE_SRP_AUTH.
   */
  poolName: string;
  /** USER_ID_FOR_SRP for a user (not what the person typed), the device key for a device. */
  userId: string;
  /** The user's password, or the device's random password. */
  password: string;
  /** The server's public value B (SRP_B). */
  B: bigint;
  /** The salt (SALT) as a number, hashed in padHex form as the helper does. */
  salt: bigint;
}

/** HKDF's info for Cognito's session key (the helper's infoBits). */
const INFO = Buffer.from('Caldera Derived Key', 'utf8');

/**
 * The 16-byte key that signs PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER: the client half of SRP-6a as AWS's
 * AuthenticationHelper.getPasswordAuthenticationKey computes it, step by step:
 *   u = H(A | B), x = H(salt | H(poolName | userId | ":" | password)),
 *   S = (B - k·g^x)^(a + u·x) mod N, key = HKDF-SHA256(ikm = S, salt = u, info = "Caldera Derived Key", 16 bytes),
 * every number in padHex form. Throws on the aborts SRP-6a requires (B ≡ 0 mod N, u = 0).
 */
export function authenticationKey(ephemeral: ClientEphemeral, inputs: KeyInputs): Buffer {
  const { a, A } = ephemeral;
  const { B } = inputs;
  if (B % N === 0n) throw new Error('B cannot be zero.');
  const uHex = hexHash(padHex(A) + padHex(B));
  const u = BigInt(`0x${uHex}`);
  if (u === 0n) throw new Error('U cannot be zero.');
  const x = BigInt(`0x${hexHash(padHex(inputs.salt) + sha256Hex(`${inputs.poolName}${inputs.userId}:${inputs.password}`))}`);
  const S = modPow(B - k * modPow(g, x, N), a + u * x, N);
  // The helper hashes u as padHex(BigInteger(uHex)), which drops leading zero bytes of the digest: do the same.
  const key = hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), INFO, 16);
  return Buffer.from(key);
}
