import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../contract/settings.js';
import { PROFILE_NAME_PATTERN } from '../aws-config/profile-name.js';
import { BrokerError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { withFileLock } from '../fs/file-lock.js';
import { errnoCode, ioError } from '../fs/io-error.js';
import { locksDir, settingsFile } from '../paths.js';

export const DEFAULT_ACTIVE_PROFILE = 'cognito-broker-active';

const activeProfileName = z
  .string()
  .regex(PROFILE_NAME_PATTERN, 'letters, digits, dot, dash, underscore, @ or +, at most 128')
  .refine((n) => n !== 'default', 'the default profile is switched on with allowDefaultProfile, not by name');

/** Every field, as the app and the CLI see them; unknown keys in the file (a newer version's) are ignored. */
export const settingsSchema = z.object({
  activeProfileName: activeProfileName.default(DEFAULT_ACTIVE_PROFILE),
  allowDefaultProfile: z.boolean().default(false),
  notificationLeadMinutes: z.number().int().min(0).max(120).default(10),
  launchAtLogin: z.boolean().default(false),
  startHidden: z.boolean().default(false),
  handOff: z.enum(['window', 'notify']).default('window'),
});

/** A change from the UI or CLI: only known keys, each validated. */
export const settingsPatchSchema = z
  .object({
    activeProfileName: activeProfileName.optional(),
    allowDefaultProfile: z.boolean().optional(),
    notificationLeadMinutes: z.number().int().min(0).max(120).optional(),
    launchAtLogin: z.boolean().optional(),
    startHidden: z.boolean().optional(),
    handOff: z.enum(['window', 'notify']).optional(),
  })
  .strict();

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`)
    .join('; ');
}

export function parseSettings(text: string, file: string): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BrokerError('config-invalid', `The settings file ${file} is not valid JSON.`, {
      hint: 'Fix the file by hand, or delete it to go back to the default settings.',
    });
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BrokerError('config-invalid', `The settings file ${file} has invalid values (${issues(parsed.error)}).`, {
      hint: 'Fix those values, or delete the file to go back to the default settings.',
    });
  }
  return parsed.data;
}

export async function loadSettings(home: string): Promise<Settings> {
  const file = settingsFile(home);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return defaultSettings();
    throw ioError('read', file, error);
  }
  return parseSettings(text, file);
}

/** Validates `patch`, merges it into the stored settings under a lock and writes them atomically (mode 0600). */
export async function updateSettings(home: string, patch: Partial<Settings>): Promise<Settings> {
  const checked = settingsPatchSchema.safeParse(patch);
  if (!checked.success) {
    throw new BrokerError('invalid-argument', `Those settings are not valid (${issues(checked.error)}).`, {
      hint: 'Check the values and try again.',
    });
  }
  return withFileLock(join(locksDir(home), 'settings.lock'), async () => {
    const next: Settings = { ...(await loadSettings(home)), ...stripUndefined(checked.data) };
    await writeFileAtomic(settingsFile(home), `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600, noFollow: true });
    return next;
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
