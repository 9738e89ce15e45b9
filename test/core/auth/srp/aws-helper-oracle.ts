import { createRequire } from 'node:module';

/**
 * AWS's own client SRP, amazon-cognito-identity-js's AuthenticationHelper (and the two lines of CognitoUser.js
 * that turn its key into a signature), as the oracle for main/core/auth/srp. Values cross as hex strings.
 */
const require = createRequire(import.meta.url);

export interface BigIntegerLike {
  toString(radix: number): string;
}
type BigIntegerCtor = new (value: string, radix: number) => BigIntegerLike;
type ModPow = (this: BigIntegerLike, e: BigIntegerLike, m: BigIntegerLike, cb?: (err: unknown, r: BigIntegerLike) => void) => BigIntegerLike;

export interface Helper {
  poolName: string;
  smallAValue: BigIntegerLike;
  largeAValue: BigIntegerLike | undefined;
  getLargeAValue(cb: (err: unknown, a: BigIntegerLike) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, B: BigIntegerLike, salt: BigIntegerLike, cb: (err: unknown, key: Uint8Array) => void): void;
  generateHashDevice(groupKey: string, deviceKey: string, cb: (err: unknown) => void): void;
  getRandomPassword(): string;
  getSaltDevices(): string;
  getVerifierDevices(): string;
}

const cognitoJs = require('amazon-cognito-identity-js') as {
  AuthenticationHelper: new (poolName: string) => Helper;
  DateHelper: new () => { getNowString(): string };
};
export const BigInteger = (require('amazon-cognito-identity-js/lib/BigInteger') as { default: BigIntegerCtor & { prototype: { modPow: ModPow } } }).default;
// The same SHA-256 and Buffer polyfill CognitoUser.js signs with.
const { Sha256 } = require('@aws-crypto/sha256-js') as { Sha256: new (key?: Uint8Array) => { update(d: Uint8Array): void; digestSync(): Uint8Array } };
const PolyBuffer = (require('buffer/') as { Buffer: typeof Buffer }).Buffer;

/** One real helper: its constructor computes N, g, k and draws an a we never use. Built once, lazily. */
let template: Helper | undefined;

/**
 * A helper for `poolName` holding the given a (and A, when given, as if getLargeAValue had run): a child of one
 * real instance, so every method and N, g, k are AWS's, without paying the constructor's g^a each time.
 */
export function helperFor(poolName: string, aHex: string, AHex?: string): Helper {
  template ??= new cognitoJs.AuthenticationHelper('template');
  const helper = Object.create(template) as Helper;
  helper.poolName = poolName;
  helper.smallAValue = new BigInteger(aHex, 16);
  helper.largeAValue = AHex === undefined ? undefined : new BigInteger(AHex, 16);
  return helper;
}

export function largeA(helper: Helper): string {
  let out = '';
  helper.getLargeAValue((err, A) => {
    if (err) throw err;
    out = A.toString(16);
  });
  return out;
}

/** The helper's getPasswordAuthenticationKey (synchronous in fact: jsbn's modPow calls back at once). */
export function helperKey(helper: Helper, userId: string, password: string, BHex: string, saltHex: string): Buffer {
  let key: Uint8Array | undefined;
  helper.getPasswordAuthenticationKey(userId, password, new BigInteger(BHex, 16), new BigInteger(saltHex, 16), (err, k) => {
    if (err) throw err;
    key = k;
  });
  if (key === undefined) throw new Error('AuthenticationHelper did not call back');
  return Buffer.from(key);
}

/** CognitoUser.authenticateUserInternal / getDeviceResponse: the claim signature over the helper's key. */
export function helperSignature(key: Uint8Array, poolName: string, userId: string, secretBlock: string, timestamp: string): string {
  const hmac = new Sha256(key);
  hmac.update(
    PolyBuffer.concat([
      PolyBuffer.from(poolName, 'utf8'),
      PolyBuffer.from(userId, 'utf8'),
      PolyBuffer.from(secretBlock, 'base64'),
      PolyBuffer.from(timestamp, 'utf8'),
    ]),
  );
  return PolyBuffer.from(hmac.digestSync()).toString('base64');
}

/** DateHelper.getNowString for the current (possibly faked) clock. */
export function helperTimestamp(): string {
  return new cognitoJs.DateHelper().getNowString();
}

/** generateHashDevice with its own random password and salt, read back afterwards. */
export function helperDevice(groupKey: string, deviceKey: string): { devicePassword: string; saltHex: string; verifierHex: string } {
  const helper = helperFor(groupKey, '1', '2');
  let done = false;
  helper.generateHashDevice(groupKey, deviceKey, (err) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('generateHashDevice did not call back');
  return { devicePassword: helper.getRandomPassword(), saltHex: helper.getSaltDevices(), verifierHex: helper.getVerifierDevices() };
}

/**
 * jsbn's modPow costs ~0.2–0.6 s per 3072-bit exponentiation here, too slow for a thousand vectors. While
 * `run` runs, the helper's modular exponentiation is done by a textbook right-to-left square-and-multiply on
 * BigInt written here (independent of the product's windowed one, same semantics: a negative base counts as
 * its residue); everything else — padHex, hashing, u, x, k, HKDF — stays AWS's code. The unswapped jsbn path
 * is checked on its own, fewer vectors.
 */
export function withTextbookModPow<T>(run: () => T): T {
  const original = BigInteger.prototype.modPow;
  BigInteger.prototype.modPow = function textbook(e, m, cb) {
    const result = new BigInteger(textbookModPow(toBigInt(this), toBigInt(e), toBigInt(m)).toString(16), 16);
    cb?.(null, result);
    return result;
  };
  try {
    return run();
  } finally {
    BigInteger.prototype.modPow = original;
  }
}

function toBigInt(value: BigIntegerLike): bigint {
  const hex = value.toString(16);
  return hex.startsWith('-') ? -BigInt(`0x${hex.slice(1)}`) : BigInt(`0x${hex}`);
}

export function textbookModPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result % modulus;
}
