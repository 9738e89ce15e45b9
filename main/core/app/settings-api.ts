import type { AppApi, Settings } from '../../contract/app-api.js';
import { loadSettings, updateSettings } from '../settings/settings-store.js';
import type { AppContext } from './app-context.js';

/** The window's settings calls over the settings store; a change is passed on (launch at login, notifications). */
export type SettingsApi = Pick<AppApi, 'getSettings' | 'setSettings'>;

export function createSettingsApi(ctx: AppContext): SettingsApi {
  return {
    async getSettings() {
      return loadSettings(ctx.home);
    },

    async setSettings(patch: Partial<Settings>) {
      const settings = await updateSettings(ctx.home, patch);
      ctx.deps.onSettingsChanged?.(settings);
      return settings;
    },
  };
}
