import type { ClientEphemeral } from './ephemeral.js';
import { startExchange, type VerifierChallenge } from './exchange.js';
import type { PasswordClaim } from './password-claim.js';

/** A remembered device as the keychain holds it (from NewDeviceMetadata and deviceSecret). */
export interface RememberedDevice {
  deviceGroupKey: string;
  deviceKey: string;
  devicePassword: string;
}

export interface DeviceSrpExchange {
  /** SRP_A for the DEVICE_SRP_AUTH answer (with USERNAME, DEVICE_KEY and, for a client with a secret, SECRET_HASH). */
  readonly srpA: string;
  readonly ephemeral: ClientEphemeral;
  /** The DEVICE_PASSWORD_VERIFIER answer's proof and DEVICE_KEY (USERNAME and SECRET_HASH are the caller's). */
  passwordClaim(challenge: VerifierChallenge, now?: Date): PasswordClaim & { DEVICE_KEY: string };
}

/**
 * DEVICE_SRP_AUTH's client side, as CognitoUser.getDeviceResponse does it: the same SRP with the device group
 * key in place of the pool name, the device key in place of the user and the device's random password.
 */
export function startDeviceSrp(device: RememberedDevice, ephemeral?: ClientEphemeral): DeviceSrpExchange {
  const exchange = startExchange(device.deviceGroupKey, ephemeral);
  return {
    srpA: exchange.srpA,
    ephemeral: exchange.ephemeral,
    passwordClaim(challenge, now) {
      return { ...exchange.claim(device.deviceKey, device.devicePassword, challenge, now), DEVICE_KEY: device.deviceKey };
    },
  };
}
