import type { IpcMainLike } from './ipc-bridge.js';
import type { NotificationFactory } from './notification-adapter.js';
import type { ProxyResolvingSession } from './system-proxy.js';
import type { TrayFactory } from './tray-adapter.js';
import type { HardenableContents, HardenableSession, secureWebPreferences } from './window-security.js';

/**
 * The few members of Electron's objects the shell uses, so that tests can run it with fakes (main.ts passes
 * the real ones).
 */
export interface WindowLike {
  webContents: HardenableContents & {
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
    mainFrame: unknown;
  };
  loadFile(path: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: ReturnType<typeof secureWebPreferences>;
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  whenReady(): Promise<unknown>;
  quit(): void;
  exit(code?: number): void;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(): { wasOpenedAtLogin?: boolean };
}

export interface ShellParts {
  app: AppLike;
  createWindow(options: WindowOptions): WindowLike;
  ipcMain: IpcMainLike;
  /** Electron's default session: hardened, and (when it can) the source of the OS proxy settings. */
  session: HardenableSession & Partial<ProxyResolvingSession>;
  tray: TrayFactory;
  notifications: NotificationFactory;
  clipboard: { writeText(text: string): void };
  shell: { openExternal(url: string): Promise<void> | void };
  powerMonitor: { on(event: 'resume' | 'unlock-screen', listener: () => void): unknown };
  net: { isOnline(): boolean };
}

export interface ShellPaths {
  /** dist/renderer */
  rendererDir: string;
  /** dist/preload/preload.cjs */
  preload: string;
}
