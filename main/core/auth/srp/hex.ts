/**
 * Hex the way AWS's AuthenticationHelper writes big numbers before hashing them (its `padHex`): even length,
 * and a `00` byte in front when the top bit is set, so the bytes read as a positive two's-complement number
 * (Java's BigInteger.toByteArray, which Cognito's server side uses). Every value the client hashes — N, g, A,
 * B, u, S, the salt, the device verifier — goes through this; one byte of difference changes every hash.
 * Only non-negative values occur on the client (the helper's negative branch is for B - k·v, which it reduces
 * mod N before use, as modPow does here).
 */
export function padHex(value: bigint): string {
  if (value < 0n) throw new RangeError('padHex takes a non-negative number.');
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

/**
 * A server-sent hex number (SRP_B, SALT) as a BigInt. Strict where the helper's jsbn parser is lenient (it skips
 * characters that are not hex digits): a value that is not plain hex is refused, not half-read.
 */
export function parseHex(hex: string, name: string): bigint {
  if (!/^[0-9a-f]+$/i.test(hex)) throw new Error(`${name} is not a hexadecimal number.`);
  return BigInt(`0x${hex}`);
}
