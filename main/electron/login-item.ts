import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * "Launch at login". macOS and Windows: Electron's login item, started with `--hidden` so the app can stay
 * in the tray. Linux has no login-item API in Electron: the XDG autostart folder gets a .desktop entry
 * (what desktop environments read at login), written or removed here.
 */
export interface LoginItemParts {
  platform: NodeJS.Platform;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  /** The executable to start (the AppImage file when running from one). */
  executable: string;
  env?: NodeJS.ProcessEnv;
}

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(config, 'autostart', 'cognito-broker.desktop');
}

/** Quotes an Exec argument as the Desktop Entry specification requires. */
function execArg(arg: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export async function applyLoginItem(parts: LoginItemParts, openAtLogin: boolean, hiddenArg: string): Promise<void> {
  if (parts.platform !== 'linux') {
    parts.setLoginItemSettings({ openAtLogin, args: [hiddenArg] });
    return;
  }
  const file = autostartFile(parts.env);
  if (!openAtLogin) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  const entry = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Cognito Broker',
    'Comment=Amazon Cognito sign-in and AWS credentials for developers',
    `Exec=${execArg(parts.executable)} ${hiddenArg}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  await writeFile(file, entry, { mode: 0o644 });
}
