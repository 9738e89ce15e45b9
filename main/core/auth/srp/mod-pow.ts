/**
 * base^exponent mod modulus on native BigInt, square-and-multiply from the top bit down. Two shortcuts keep a
 * Cognito sign-in's three exponentiations (A = g^a, g^x, S) to a few tens of milliseconds where the old
 * library's jsbn took hundreds:
 * - base 2 (Cognito's g): "multiply by the base" is a shift and at most one subtraction, so only the squarings
 *   cost a full multiplication and division;
 * - any other base: a sliding window of 5 bits, one multiplication per window instead of one per set bit.
 * Like jsbn it is not constant-time; the exponents are one-time values of a single sign-in.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus <= 0n) throw new RangeError('modPow needs a positive modulus.');
  if (exponent < 0n) throw new RangeError('modPow needs a non-negative exponent.');
  // A negative base (the helper's B - k·v) counts as its non-negative residue, as in jsbn's modPow.
  const b = ((base % modulus) + modulus) % modulus;
  if (modulus === 1n) return 0n;
  if (exponent === 0n) return 1n;
  const bits = exponent.toString(2);
  return b === 2n ? powerOfTwo(bits, modulus) : slidingWindow(b, bits, modulus);
}

function powerOfTwo(bits: string, m: bigint): bigint {
  let r = 1n;
  for (let i = 0; i < bits.length; i += 1) {
    r = (r * r) % m;
    if (bits.charCodeAt(i) === 49) {
      r <<= 1n;
      if (r >= m) r -= m;
    }
  }
  return r;
}

const WINDOW = 5;

function slidingWindow(b: bigint, bits: string, m: bigint): bigint {
  // odd[i] = b^(2i+1): every window starts and ends with a 1 bit, so only odd powers are needed.
  const b2 = (b * b) % m;
  const odd: bigint[] = [b];
  for (let i = 1; i < 1 << (WINDOW - 1); i += 1) odd.push(((odd[i - 1] as bigint) * b2) % m);
  let r = 1n;
  let i = 0;
  while (i < bits.length) {
    if (bits.charCodeAt(i) === 48) {
      r = (r * r) % m;
      i += 1;
      continue;
    }
    let end = Math.min(i + WINDOW, bits.length);
    while (bits.charCodeAt(end - 1) === 48) end -= 1;
    for (let j = i; j < end; j += 1) r = (r * r) % m;
    r = (r * (odd[parseInt(bits.slice(i, end), 2) >> 1] as bigint)) % m;
    i = end;
  }
  return r;
}
