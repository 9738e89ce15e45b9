import { join } from 'node:path';
import type { AppService } from '../core/app/app-service.js';
import { registerIpcBridge } from './ipc-bridge.js';
import type { ShellParts, ShellPaths, WindowLike } from './shell-parts.js';
import { hardenWebContents, rendererUrl, secureWebPreferences } from './window-security.js';

export interface MainWindowOptions {
  parts: Pick<ShellParts, 'createWindow' | 'ipcMain' | 'shell'>;
  paths: ShellPaths;
  service: AppService;
  /** Whether a link the page opens may go to the browser (the sign-in step's managed-login address). */
  isAllowed(url: string): boolean;
  /** While quitting, closing the window closes it; otherwise it only hides to the tray. */
  isQuitting(): boolean;
  log(line: string): void;
}

/**
 * The app's one window: created on demand (hardened, on our page, wired to the AppApi over IPC), hidden
 * rather than closed, and brought forward for a sign-in, which it opens once its page has loaded.
 */
export class MainWindow {
  private window: WindowLike | undefined;
  /** A sign-in to open once a window created for it has loaded (it would miss an event sent before). */
  private pendingSignIn: string | undefined;
  private unregisterIpc: (() => void) | undefined;
  private readonly indexHtml: string;

  constructor(private readonly options: MainWindowOptions) {
    this.indexHtml = join(options.paths.rendererDir, 'index.html');
  }

  current(): WindowLike | undefined {
    return this.window;
  }

  /** Brings the window forward; true when it had to be created (its page is still loading). */
  show(): boolean {
    const window = this.window;
    if (!window || window.isDestroyed()) {
      this.window = this.create();
      return true;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return false;
  }

  /** Brings the window to the account's sign-in (the renderer routes there on 'sign-in-requested'). */
  showSignIn(account: string): void {
    if (this.show()) this.pendingSignIn = account;
    else this.options.service.events.emit('sign-in-requested', { account });
  }

  /** The service has told the window already; a window opened just now hears it again once it is ready. */
  showForRequestedSignIn(account: string): void {
    if (this.show()) this.pendingSignIn = account;
  }

  /** Stops answering the window's calls (the app is quitting). */
  close(): void {
    this.unregisterIpc?.();
  }

  private create(): WindowLike {
    const { parts, paths, service } = this.options;
    const win = parts.createWindow({
      width: 1000,
      height: 700,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Cognito Broker',
      backgroundColor: '#ffffff',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(paths.preload),
    });
    hardenWebContents(win.webContents, {
      rendererDir: paths.rendererDir,
      // Security scan (electronegativity) reason: hardenWebContents passes only URLs that isAllowed accepts here.
      openExternal: (url) => void parts.shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
      isAllowed: (url) => this.options.isAllowed(url),
    });
    this.unregisterIpc?.();
    this.unregisterIpc = registerIpcBridge(parts.ipcMain, {
      api: service,
      events: service.events,
      contents: win.webContents,
      rendererUrl: rendererUrl(this.indexHtml),
      onInternalError: ({ method, what }) => this.options.log(`ipc ${method}: ${what}`),
    });
    win.once('ready-to-show', () => {
      win.show();
      if (this.pendingSignIn !== undefined) service.events.emit('sign-in-requested', { account: this.pendingSignIn });
      this.pendingSignIn = undefined;
    });
    // Closing the window keeps the app in the tray; only Quit ends it.
    win.on('close', (event) => {
      if (!this.options.isQuitting()) {
        event.preventDefault();
        win.hide();
      }
    });
    win.on('closed', () => {
      if (this.window === win) this.window = undefined;
    });
    void win.loadFile(this.indexHtml);
    return win;
  }
}
