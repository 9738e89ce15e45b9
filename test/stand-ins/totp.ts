import { createHmac } from 'node:crypto';

/**
 * RFC 6238 TOTP as authenticator apps and Cognito use it (SHA-1, 6 digits, 30-second steps) over an
 * RFC 4648 base32 secret. Written here because otplib 12 decodes secrets with the deprecated `Buffer()`
 * constructor, which prints a deprecation warning in the demo; tests still compute their codes with otplib,
 * so this implementation is checked against it and against cognito-local's verification.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_SECONDS = 30;

export function base32Decode(secret: string): Buffer {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('The TOTP secret is not base32.');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function totpCode(secret: string, at: number = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / TOTP_STEP_SECONDS)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** Seconds until the current code changes. */
export function totpSecondsLeft(at: number = Date.now()): number {
  return TOTP_STEP_SECONDS - (Math.floor(at / 1000) % TOTP_STEP_SECONDS);
}

/** The otpauth:// URI authenticator apps scan (Key URI Format). */
export function otpauthUri(account: string, issuer: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=${TOTP_STEP_SECONDS}`;
}
