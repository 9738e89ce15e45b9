import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDeviceSrp } from '../../../../main/core/auth/srp/device-srp.js';
import { deviceSecret } from '../../../../main/core/auth/srp/device-verifier.js';
import { clientEphemeral } from '../../../../main/core/auth/srp/ephemeral.js';
import { helperDevice, helperFor, helperKey, helperSignature, helperTimestamp, largeA, withTextbookModPow } from './aws-helper-oracle.js';
import { challengeVector, pick, VECTOR_TEST_TIMEOUT } from './random-vectors.js';

/**
 * Device SRP against AWS's AuthenticationHelper as CognitoUser uses it for remembered devices: the ConfirmDevice
 * verifier from generateHashDevice(deviceGroupKey, deviceKey), and DEVICE_PASSWORD_VERIFIER with the device
 * group key as the pool name, the device key as the user and the device's random password.
 */
const DEVICE_VECTORS = 200;

beforeAll(() => void vi.useFakeTimers({ toFake: ['Date'] }));
afterAll(() => void vi.useRealTimers());

const device = () => ({
  deviceGroupKey: `-${randomBytes(6).toString('base64url')}`,
  deviceKey: `${pick(['eu-west-1', 'us-east-1'])}_${randomUUID()}`,
});

describe('device SRP against AuthenticationHelper', () => {
  it(
    `makes the same ConfirmDevice verifier as generateHashDevice and the same DEVICE_PASSWORD_VERIFIER claim on ${DEVICE_VECTORS} random vectors`,
    () => {
      withTextbookModPow(() => {
        for (let i = 0; i < DEVICE_VECTORS; i += 1) {
          const { deviceGroupKey, deviceKey } = device();
          const expected = helperDevice(deviceGroupKey, deviceKey);
          const context = JSON.stringify({ i, deviceGroupKey, deviceKey, ...expected });
          const ours = deviceSecret(deviceGroupKey, deviceKey, { devicePassword: expected.devicePassword, saltHex: expected.saltHex });
          expect(ours, context).toEqual({
            devicePassword: expected.devicePassword,
            saltHex: expected.saltHex,
            verifierHex: expected.verifierHex,
            // CognitoUser's DeviceSecretVerifierConfig: Base64 of the padHex bytes.
            verifierConfig: {
              PasswordVerifier: Buffer.from(expected.verifierHex, 'hex').toString('base64'),
              Salt: Buffer.from(expected.saltHex, 'hex').toString('base64'),
            },
          });

          // The device signs in with the SALT Cognito got at ConfirmDevice; half the time a random one.
          const v = { ...challengeVector(), ...(i % 2 === 0 ? { SALT: expected.saltHex } : {}) };
          const srp = startDeviceSrp(
            { deviceGroupKey, deviceKey, devicePassword: expected.devicePassword },
            { a: BigInt(`0x${v.aHex}`), A: BigInt(`0x${v.AHex}`) },
          );
          const claim = srp.passwordClaim(v, v.now);
          vi.setSystemTime(v.now);
          const timestamp = helperTimestamp();
          const key = helperKey(helperFor(deviceGroupKey, v.aHex, v.AHex), deviceKey, expected.devicePassword, v.SRP_B, v.SALT);
          expect(claim, context).toEqual({
            PASSWORD_CLAIM_SECRET_BLOCK: v.SECRET_BLOCK,
            PASSWORD_CLAIM_SIGNATURE: helperSignature(key, deviceGroupKey, deviceKey, v.SECRET_BLOCK, timestamp),
            TIMESTAMP: timestamp,
            DEVICE_KEY: deviceKey,
          });
        }
      });
    },
    VECTOR_TEST_TIMEOUT,
  );

  it(
    "matches the helper's own jsbn arithmetic for a device: verifier, A = g^a and claim (full-size a, nothing swapped)",
    () => {
      for (let i = 0; i < 2; i += 1) {
        const { deviceGroupKey, deviceKey } = device();
        const expected = helperDevice(deviceGroupKey, deviceKey);
        expect(deviceSecret(deviceGroupKey, deviceKey, expected).verifierHex).toBe(expected.verifierHex);
        const srp = startDeviceSrp({ deviceGroupKey, deviceKey, devicePassword: expected.devicePassword }, clientEphemeral());
        const helper = helperFor(deviceGroupKey, srp.ephemeral.a.toString(16));
        expect(srp.srpA).toBe(largeA(helper));
        const v = { ...challengeVector(), SALT: expected.saltHex };
        vi.setSystemTime(v.now);
        const claim = srp.passwordClaim(v);
        const key = helperKey(helper, deviceKey, expected.devicePassword, v.SRP_B, v.SALT);
        expect(claim.PASSWORD_CLAIM_SIGNATURE).toBe(helperSignature(key, deviceGroupKey, deviceKey, v.SECRET_BLOCK, claim.TIMESTAMP));
      }
    },
    VECTOR_TEST_TIMEOUT,
  );

  it('draws a fresh password and salt for each device, and Cognito-shaped values', () => {
    const one = deviceSecret('-group', 'eu-west-1_device');
    const two = deviceSecret('-group', 'eu-west-1_device');
    expect(one.devicePassword).not.toBe(two.devicePassword);
    expect(one.saltHex).not.toBe(two.saltHex);
    expect(Buffer.from(one.devicePassword, 'base64')).toHaveLength(40);
    expect(one.verifierHex.length % 2).toBe(0);
  });
});
