import { app, BrowserWindow, clipboard, ipcMain, Menu, nativeImage, net, Notification, powerMonitor, session, shell, Tray } from 'electron';
import { join } from 'node:path';
import type { CliLauncher } from '../core/aws-config/credential-process-command.js';
import type { TrayIcon } from '../core/tray/tray-model.js';
import { startShell } from './electron-shell.js';
import type { WindowOptions } from './shell-parts.js';
import type { MenuItemOptions } from './tray-adapter.js';

/**
 * Entry of dist/main/main.cjs. The only file that takes Electron's real objects and hands them to the
 * shell (electron-shell.ts), which is written against small interfaces so tests run it with fakes.
 * It never imports the HTTP bridge: that is a development tool and is not packaged.
 */

// Bundled layout: dist/main/main.cjs next to dist/preload, dist/renderer (in app.asar when packaged).
const dist = join(__dirname, '..');
const resources = app.isPackaged ? process.resourcesPath : join(dist, '..', 'build');

/**
 * How ~/.aws/config profiles start the CLI. Packaged: the launcher shipped in resources/cli, which runs the
 * bundled CLI with this app's own Node (ELECTRON_RUN_AS_NODE). `npm start`: the Node that ran the start
 * script (scripts/start.mjs passes it) and the checkout's CLI bundle.
 */
function cliLauncher(): CliLauncher {
  if (app.isPackaged) {
    const name = process.platform === 'win32' ? 'cognito-broker.cmd' : 'cognito-broker';
    return { kind: 'executable', path: join(process.resourcesPath, 'cli', name) };
  }
  return { kind: 'node-script', node: process.env.COGNITO_BROKER_DEV_NODE || 'node', script: join(dist, 'cli', 'cognito-broker.cjs') };
}

function trayImage(icon: TrayIcon): Electron.NativeImage {
  const image = nativeImage.createFromPath(join(resources, 'icons', 'tray', `tray-${icon}.png`));
  if (process.platform === 'darwin') image.setTemplateImage(icon !== 'attention');
  return image;
}

// Windows shows notifications only for an app with an AppUserModelID (the appId in electron-builder.yml).
if (process.platform === 'win32') app.setAppUserModelId('dev.cognitobroker.app');

void startShell({
  parts: {
    app,
    // The safety-critical preferences are spelled out here too (they already come from secureWebPreferences):
    // a literal the security scan can read, and a second line of defence if the options object is ever changed.
    createWindow: (options: WindowOptions) =>
      new BrowserWindow({
        ...options,
        webPreferences: {
          ...options.webPreferences,
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          webSecurity: true,
          disableBlinkFeatures: 'Auxclick',
        },
      }),
    ipcMain,
    session: session.defaultSession,
    tray: {
      createTray: (image) => new Tray(image as Electron.NativeImage),
      buildMenu: (template: MenuItemOptions[]) => Menu.buildFromTemplate(template),
      image: (icon) => trayImage(icon),
    },
    notifications: {
      isSupported: () => Notification.isSupported(),
      create: (options) => new Notification(options),
    },
    clipboard,
    shell,
    powerMonitor,
    net,
  },
  paths: { rendererDir: join(dist, 'renderer'), preload: join(dist, 'preload', 'preload.cjs') },
  launcher: cliLauncher(),
  argv: process.argv,
  // Started from an AppImage, the login item must start the AppImage file, not its temporary mount.
  executable: process.env.APPIMAGE || process.execPath,
  log: (line) => process.stderr.write(`${line}\n`),
}).catch((err: unknown) => {
  process.stderr.write(`Cognito Broker could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  app.exit(1);
});
