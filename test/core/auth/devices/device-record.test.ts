import { describe, expect, it } from 'vitest';
import { parseRememberAnswer } from '../../../../main/core/auth/devices/confirm-device.js';
import { deviceName } from '../../../../main/core/auth/devices/device-name.js';
import { deviceView, parseDeviceRecord, serializeDeviceRecord, type DeviceRecord } from '../../../../main/core/auth/devices/device-record.js';
import { poolRefusedDevice } from '../../../../main/core/auth/devices/stale-device.js';
import { BrokerError } from '../../../../main/core/errors.js';

const record: DeviceRecord = {
  deviceKey: 'us-east-1_0f0e0d0c-0000-4000-8000-000000000001',
  deviceGroupKey: '-abcDEF12',
  devicePassword: 'cGFzc3dvcmQtb2YtZm9ydHktcmFuZG9tLWJ5dGVzLWhlcmU=',
  username: 'alice',
  remembered: true,
  rememberedAt: '2026-12-06T07:00:00.000Z',
};

describe('the device record', () => {
  it('round-trips through the keychain text and refuses anything that is not a whole record', () => {
    expect(parseDeviceRecord(serializeDeviceRecord(record))).toEqual(record);
    expect(parseDeviceRecord(null)).toBeUndefined();
    expect(parseDeviceRecord('not json')).toBeUndefined();
    expect(parseDeviceRecord(JSON.stringify({ ...record, devicePassword: '' }))).toBeUndefined();
    const { deviceGroupKey: _missing, ...partial } = record;
    expect(parseDeviceRecord(JSON.stringify(partial))).toBeUndefined();
    // Only `true` is remembered: a record from an unexpected writer is not trusted to skip MFA.
    expect(parseDeviceRecord(JSON.stringify({ ...record, remembered: 'yes' }))?.remembered).toBe(false);
  });

  it("the window's view carries the key and the date, never the device password or group key", () => {
    const view = deviceView(record);
    expect(view).toEqual({ remembered: true, deviceKey: record.deviceKey, rememberedAt: record.rememberedAt });
    expect(JSON.stringify(view)).not.toContain(record.devicePassword);
    expect(JSON.stringify(view)).not.toContain(record.deviceGroupKey);
    expect(deviceView(undefined)).toEqual({ remembered: false });
  });

  it('names the device after the host, within ConfirmDevice limits', () => {
    expect(deviceName('build-07')).toBe('Cognito Broker on build-07');
    expect(deviceName('  ')).toBe('Cognito Broker on unknown host');
    expect(deviceName('h'.repeat(2000))).toHaveLength(1024);
  });

  it('reads yes and no as people type them', () => {
    for (const yes of ['y', 'Y', 'yes', ' YES ']) expect(parseRememberAnswer(yes)).toBe('yes');
    for (const no of ['n', 'No', 'no']) expect(parseRememberAnswer(no)).toBe('no');
    for (const other of ['', 'maybe', 'yes please', '1']) expect(parseRememberAnswer(other)).toBeUndefined();
  });
});

describe('a refusal of the device', () => {
  const sdk = (name: string, message: string) => Object.assign(new Error(message), { name });
  const wrapped = (cause: Error) => new BrokerError('auth-failed', 'Cognito refused this sign-in step.', { cause });

  it('is ResourceNotFoundException about a device, also under a BrokerError', () => {
    expect(poolRefusedDevice(sdk('ResourceNotFoundException', 'Device does not exist.'), false)).toBe(true);
    expect(poolRefusedDevice(wrapped(sdk('ResourceNotFoundException', 'Device does not exist.')), false)).toBe(true);
    expect(poolRefusedDevice(sdk('ResourceNotFoundException', 'User pool client does not exist.'), false)).toBe(false);
  });

  it("is a failed proof in the device's own steps, but never a wrong password or an ended session", () => {
    expect(poolRefusedDevice(wrapped(sdk('NotAuthorizedException', 'Incorrect username or password.')), true)).toBe(true);
    expect(poolRefusedDevice(wrapped(sdk('NotAuthorizedException', 'Incorrect username or password.')), false)).toBe(false);
    expect(poolRefusedDevice(wrapped(sdk('NotAuthorizedException', 'Invalid session for the user, session is expired.')), true)).toBe(false);
    expect(poolRefusedDevice(sdk('CodeMismatchException', 'Invalid code received for user'), true)).toBe(false);
  });
});
