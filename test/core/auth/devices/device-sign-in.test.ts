import { describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../../../main/core/auth/devices/device-record.js';
import { DeviceSignIn, type DeviceTurn } from '../../../../main/core/auth/devices/device-sign-in.js';
import type { DeviceMemory } from '../../../../main/core/auth/devices/device-store.js';
import { isStaleDevice, STALE_DEVICE_NOTICE } from '../../../../main/core/auth/devices/stale-device.js';
import type { Prompter } from '../../../../main/core/auth/prompter.js';

/** Unit tests of the device part of one sign-in, with an in-memory keychain and scripted pool answers. */
const device: DeviceRecord = {
  deviceKey: 'us-east-1_0f0e0d0c-0000-4000-8000-000000000002',
  deviceGroupKey: '-group123',
  devicePassword: 'ZGV2aWNlLXBhc3N3b3JkLWZvci11bml0LXRlc3Rz',
  username: 'alice',
  remembered: true,
  rememberedAt: '2026-12-06T07:00:00.000Z',
};

function memory(initial: DeviceRecord[] = []): DeviceMemory & { records: Map<string, DeviceRecord> } {
  const records = new Map(initial.map((r) => [r.username, r]));
  return {
    records,
    recall: (username) => Promise.resolve(records.get(username)),
    keep: (record) => {
      records.set(record.username, record);
      return Promise.resolve();
    },
    drop: (username) => {
      records.delete(username);
      return Promise.resolve();
    },
  };
}

function prompter(): Prompter & { infos: string[] } {
  const infos: string[] = [];
  return { infos, ask: () => Promise.reject(new Error('no question expected')), info: (m) => infos.push(m) };
}

const notFound = Object.assign(new Error('Device does not exist.'), { name: 'ResourceNotFoundException' });
const wrongProof = Object.assign(new Error('Incorrect username or password.'), { name: 'NotAuthorizedException' });

describe('DeviceSignIn', () => {
  it('sends nothing without a record, DEVICE_KEY once the record of the pool name is recalled', async () => {
    const signIn = new DeviceSignIn(memory([device]), prompter());
    await signIn.recall('alice@example.com');
    expect(signIn.parameters()).toEqual({});
    await signIn.recall('alice');
    expect(signIn.parameters()).toEqual({ DEVICE_KEY: device.deviceKey });
    expect(new DeviceSignIn(undefined, prompter()).parameters()).toEqual({});
  });

  it('a call the pool refuses for the device runs once more without it, the record dropped and one line said', async () => {
    const keychain = memory([device]);
    const person = prompter();
    const signIn = new DeviceSignIn(keychain, person);
    await signIn.recall('alice');
    const sent: Record<string, string>[] = [];
    const result = await signIn.withDevice(() => {
      sent.push(signIn.parameters());
      return sent.length === 1 ? Promise.reject(notFound) : Promise.resolve('tokens');
    });
    expect(result).toBe('tokens');
    expect(sent).toEqual([{ DEVICE_KEY: device.deviceKey }, {}]);
    expect(keychain.records.size).toBe(0);
    expect(person.infos).toEqual([STALE_DEVICE_NOTICE]);
  });

  it('a wrong password is not mistaken for a stale device', async () => {
    const keychain = memory([device]);
    const signIn = new DeviceSignIn(keychain, prompter());
    await signIn.recall('alice');
    await expect(signIn.withDevice(() => Promise.reject(wrongProof))).rejects.toBe(wrongProof);
    expect(keychain.records.size).toBe(1);
  });

  it('answers DEVICE_SRP_AUTH with the device key and A, then DEVICE_PASSWORD_VERIFIER with the proof', async () => {
    const signIn = new DeviceSignIn(memory([device]), prompter());
    await signIn.recall('alice');
    const calls: { name: string; answers: Record<string, string> }[] = [];
    const verifier: DeviceTurn = {
      name: 'DEVICE_PASSWORD_VERIFIER',
      session: 's2',
      parameters: { SRP_B: 'ab'.repeat(64), SALT: '1f2e3d4c', SECRET_BLOCK: Buffer.from('block').toString('base64') },
    };
    const step = await signIn.answer(
      { name: 'DEVICE_SRP_AUTH', session: 's1', parameters: {} },
      (name, _session, answers) => {
        calls.push({ name, answers });
        return Promise.resolve(name === 'DEVICE_SRP_AUTH' ? { challenge: verifier } : { tokens: 'done' });
      },
      (s) => ('challenge' in s ? s.challenge : undefined),
    );
    expect(step).toEqual({ tokens: 'done' });
    expect(calls.map((c) => c.name)).toEqual(['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    expect(calls[0]?.answers).toMatchObject({ DEVICE_KEY: device.deviceKey, SRP_A: expect.stringMatching(/^[0-9a-f]+$/) as unknown });
    expect(calls[1]?.answers).toMatchObject({
      DEVICE_KEY: device.deviceKey,
      PASSWORD_CLAIM_SECRET_BLOCK: verifier.parameters.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: expect.any(String) as unknown,
      TIMESTAMP: expect.any(String) as unknown,
    });
    expect(JSON.stringify(calls)).not.toContain(device.devicePassword);
  });

  it('a refused device proof is StaleDevice, for the sign-in to start again as a new device', async () => {
    const signIn = new DeviceSignIn(memory([device]), prompter());
    await signIn.recall('alice');
    const error: unknown = await signIn
      .answer(
        { name: 'DEVICE_SRP_AUTH', session: 's1', parameters: {} },
        () => Promise.reject(wrongProof),
        () => undefined,
      )
      .catch((e: unknown) => e);
    expect(isStaleDevice(error)).toBe(true);
  });

  it('without a record DEVICE_SRP_AUTH is a clear error, not a crash', async () => {
    const signIn = new DeviceSignIn(memory(), prompter());
    await expect(
      signIn.answer(
        { name: 'DEVICE_SRP_AUTH', session: 's1', parameters: {} },
        () => Promise.resolve({}),
        () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'auth-challenge' });
  });
});
