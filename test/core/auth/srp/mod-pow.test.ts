import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixedBasePow } from '../../../../main/core/auth/srp/fixed-base.js';
import { g, N } from '../../../../main/core/auth/srp/group.js';
import { padHex, parseHex } from '../../../../main/core/auth/srp/hex.js';
import { modPow } from '../../../../main/core/auth/srp/mod-pow.js';
import { cognitoTimestamp } from '../../../../main/core/auth/srp/timestamp.js';
import { textbookModPow } from './aws-helper-oracle.js';

/** The pieces under the SRP vectors, each against a plain reference: exponentiation, padHex, hex parsing, the timestamp. */
const big = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

describe('modular exponentiation', () => {
  it('modPow equals textbook square-and-multiply for base 2, random and negative bases, all exponent sizes', () => {
    for (let i = 0; i < 60; i += 1) {
      const e = big(randomInt(1, 200));
      const base = [2n, big(384) % N, -big(390), N + 2n][i % 4] as bigint;
      expect(modPow(base, e, N), `${base} ^ ${e}`).toBe(textbookModPow(base, e, N));
    }
    expect(modPow(5n, 0n, N)).toBe(1n);
    expect(modPow(0n, 7n, N)).toBe(0n);
    expect(modPow(3n, 4n, 7n)).toBe(4n);
  });

  it('g^a from the precomputed powers equals modPow for any a below 2^1024, and declines larger ones', () => {
    const cases = [0n, 1n, (1n << 1024n) - 1n, 1n << 1023n, 1n << 256n, 1n << 768n, ...Array.from({ length: 20 }, () => big(randomInt(1, 129)))];
    for (const a of cases) expect(fixedBasePow(a), a.toString(16)).toBe(modPow(g, a, N));
    expect(fixedBasePow(1n << 1024n)).toBeUndefined();
  });
});

describe('hex as the helper writes it', () => {
  it('padHex: even length, 00 before a set top bit, nothing else', () => {
    expect(padHex(0n)).toBe('00');
    expect(padHex(0x14n)).toBe('14');
    expect(padHex(0xecn)).toBe('00ec');
    expect(padHex(0xabcn)).toBe('0abc');
    expect(padHex(0x8abcn)).toBe('008abc');
    expect(() => padHex(-1n)).toThrow();
  });

  it('parseHex refuses what is not hex instead of skipping it as jsbn does', () => {
    expect(parseHex('00Ab', 'SALT')).toBe(0xabn);
    expect(() => parseHex('', 'SALT')).toThrow('SALT');
    expect(() => parseHex('12 34', 'SRP_B')).toThrow('SRP_B');
    expect(() => parseHex('-12', 'SRP_B')).toThrow();
  });
});

describe('TIMESTAMP', () => {
  it('is "ddd MMM D HH:mm:ss UTC YYYY" in UTC with the day unpadded', () => {
    expect(cognitoTimestamp(new Date(Date.UTC(2026, 11, 6, 4, 5, 9)))).toBe('Sun Dec 6 04:05:09 UTC 2026');
    expect(cognitoTimestamp(new Date(Date.UTC(2027, 0, 31, 23, 59, 0)))).toBe('Sun Jan 31 23:59:00 UTC 2027');
  });
});
