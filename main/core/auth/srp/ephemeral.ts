import { randomBytes } from 'node:crypto';
import { fixedBasePow } from './fixed-base.js';
import { g, N } from './group.js';
import { modPow } from './mod-pow.js';

/** The client's one-time SRP key pair: private a, public A = g^a mod N (sent as SRP_A). */
export interface ClientEphemeral {
  readonly a: bigint;
  readonly A: bigint;
}

/**
 * A fresh pair, or the pair for a given a (tests compare with AWS's helper for the same a). a is 128 random
 * bytes, as the helper's generateRandomSmallA draws it; N is larger, so no reduction is needed.
 */
export function clientEphemeral(a: bigint = BigInt(`0x${randomBytes(128).toString('hex')}`)): ClientEphemeral {
  const A = fixedBasePow(a) ?? modPow(g, a, N);
  // SRP-6a's safeguard, as the helper's calculateA: A must not be 0 mod N.
  if (A === 0n) throw new Error('Illegal parameter: A mod N cannot be 0.');
  return { a, A };
}
