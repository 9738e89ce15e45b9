import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsFile } from '../../../main/core/paths.js';
import { DEFAULT_ACTIVE_PROFILE, defaultSettings, loadSettings, updateSettings } from '../../../main/core/settings/settings-store.js';
import { rejection } from '../../support/rejection.js';

let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cb-settings-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const home = () => join(root, `h${++n}`);

describe('settings store', () => {
  it('defaults when there is no file: active profile cognito-broker-active, default profile off', async () => {
    expect(await loadSettings(home())).toEqual({
      activeProfileName: DEFAULT_ACTIVE_PROFILE,
      allowDefaultProfile: false,
      notificationLeadMinutes: 10,
      launchAtLogin: false,
      startHidden: false,
      handOff: 'window',
    });
    expect(DEFAULT_ACTIVE_PROFILE).toBe('cognito-broker-active');
  });

  it('updates merge into what is stored, are written 0600, and read back', async () => {
    const h = home();
    await updateSettings(h, { activeProfileName: 'work-active' });
    const next = await updateSettings(h, { allowDefaultProfile: true, handOff: 'notify' });
    expect(next).toEqual({ ...defaultSettings(), activeProfileName: 'work-active', allowDefaultProfile: true, handOff: 'notify' });
    expect(await loadSettings(h)).toEqual(next);
    expect(statSync(settingsFile(h)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(settingsFile(h), 'utf8'))).toEqual(next);
  });

  it('refuses invalid values and unknown keys, naming them, and keeps what was stored', async () => {
    const h = home();
    await updateSettings(h, { startHidden: true });
    for (const patch of [
      { activeProfileName: 'default' },
      { activeProfileName: 'has space' },
      { notificationLeadMinutes: -1 },
      { handOff: 'shout' },
      { colour: 'red' },
    ]) {
      const error = await rejection(updateSettings(h, patch as never));
      expect(error.code).toBe('invalid-argument');
      expect(error.message).toMatch(/^Those settings are not valid \(.+\)\.$/);
    }
    expect(await loadSettings(h)).toEqual({ ...defaultSettings(), startHidden: true });
  });

  it('a damaged settings file is a clear error with the way out, never silently replaced', async () => {
    const h = home();
    mkdirSync(h, { recursive: true });
    writeFileSync(settingsFile(h), '{ not json');
    const error = await rejection(loadSettings(h));
    expect(error.code).toBe('config-invalid');
    expect(error.describe()).toBe(
      `The settings file ${settingsFile(h)} is not valid JSON.\nFix the file by hand, or delete it to go back to the default settings.`,
    );
    expect((await rejection(updateSettings(h, { startHidden: true }))).code).toBe('config-invalid');
    expect(readFileSync(settingsFile(h), 'utf8')).toBe('{ not json');
    writeFileSync(settingsFile(h), JSON.stringify({ activeProfileName: 'default' }));
    expect((await rejection(loadSettings(h))).message).toMatch(/activeProfileName/);
  });

  it('keys a newer version wrote are ignored on read', async () => {
    const h = home();
    mkdirSync(h, { recursive: true });
    writeFileSync(settingsFile(h), JSON.stringify({ startHidden: true, futureThing: 1 }));
    expect(await loadSettings(h)).toEqual({ ...defaultSettings(), startHidden: true });
  });

  it('concurrent updates of different keys are all kept (the settings lock)', async () => {
    const h = home();
    await Promise.all([
      updateSettings(h, { startHidden: true }),
      updateSettings(h, { launchAtLogin: true }),
      updateSettings(h, { allowDefaultProfile: true }),
      updateSettings(h, { notificationLeadMinutes: 30 }),
      updateSettings(h, { handOff: 'notify' }),
    ]);
    expect(await loadSettings(h)).toEqual({
      ...defaultSettings(),
      startHidden: true,
      launchAtLogin: true,
      allowDefaultProfile: true,
      notificationLeadMinutes: 30,
      handOff: 'notify',
    });
  });
});
