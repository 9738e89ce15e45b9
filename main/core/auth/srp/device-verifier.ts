import { randomBytes } from 'node:crypto';
import { g, N } from './group.js';
import { hexHash, sha256Hex } from './hash.js';
import { padHex } from './hex.js';
import { modPow } from './mod-pow.js';

/** What ConfirmDevice needs (DeviceSecretVerifierConfig) and what the device must keep to sign in later. */
export interface DeviceSecret {
  /** The device's random password: a secret for the keychain, needed for every DEVICE_SRP_AUTH. */
  devicePassword: string;
  /** ConfirmDevice's DeviceSecretVerifierConfig: both values Base64 of their padHex bytes. */
  verifierConfig: { PasswordVerifier: string; Salt: string };
  /** The same salt and verifier in padHex form (tests compare them with the helper's). */
  saltHex: string;
  verifierHex: string;
}

/**
 * A remembered device's SRP verifier, made locally as AWS's AuthenticationHelper.generateHashDevice makes it
 * (CognitoUser passes the device group key and the device key): password = Base64 of 40 random bytes,
 * salt = padHex of 16 random bytes, x = H(salt | H(groupKey | deviceKey | ":" | password)), verifier = g^x mod N.
 * Cognito stores only salt and verifier; the password never leaves the machine. `fixed` is for tests.
 */
export function deviceSecret(deviceGroupKey: string, deviceKey: string, fixed: { devicePassword?: string; saltHex?: string } = {}): DeviceSecret {
  const devicePassword = fixed.devicePassword ?? randomBytes(40).toString('base64');
  // The helper reads the random bytes as a positive integer and pads that: leading zero bytes disappear.
  const saltHex = padHex(BigInt(`0x${fixed.saltHex ?? randomBytes(16).toString('hex')}`));
  const x = BigInt(`0x${hexHash(saltHex + sha256Hex(`${deviceGroupKey}${deviceKey}:${devicePassword}`))}`);
  const verifierHex = padHex(modPow(g, x, N));
  return {
    devicePassword,
    verifierConfig: { PasswordVerifier: Buffer.from(verifierHex, 'hex').toString('base64'), Salt: Buffer.from(saltHex, 'hex').toString('base64') },
    saltHex,
    verifierHex,
  };
}
