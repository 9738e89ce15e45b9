// A stand-in for the `electron` module, loaded into a plain Node child process in place of Electron's
// runtime (see resolve-electron.cjs) so that the BUILT main bundle, dist/main/main.cjs, runs here where
// Electron's binary cannot. It provides the members main.cjs takes from Electron, records what it is asked
// (sent to the test over the child's IPC channel), and lets the test play the user and the OS: click a tray
// menu item, call over the IPC channel as the window would, ask the session what it does to a response,
// quit. A member it does not provide is reported, so a new use in main.ts shows up as a failing test.
'use strict';
const { EventEmitter } = require('node:events');
const { existsSync } = require('node:fs');
const { pathToFileURL } = require('node:url');

const send = (message) => {
  if (process.connected) process.send(message);
};
const record = (what, details = {}) => send({ type: 'record', what, ...details });

/** The menu as data the test can read: labels, types, check marks, enabled, nested submenus. */
function describeMenu(template) {
  return template.map((item) => ({
    type: item.type,
    label: item.label,
    enabled: item.enabled,
    checked: item.checked,
    ...(item.submenu ? { submenu: describeMenu(item.submenu) } : {}),
  }));
}

const appEvents = new EventEmitter();
let quitProceeded = false;
const app = {
  isPackaged: false,
  requestSingleInstanceLock() {
    const got = process.env.STAND_IN_SINGLE_INSTANCE !== 'taken';
    record('app.requestSingleInstanceLock', { got });
    return got;
  },
  on(event, listener) {
    appEvents.on(event, listener);
    return app;
  },
  whenReady: () => Promise.resolve(),
  // As Electron: `before-quit` first; a listener that prevents it keeps the app running.
  quit() {
    record('app.quit');
    let prevented = false;
    appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    quitProceeded = true;
    // Electron would now close the windows and end the process; the test checks what is still open first.
    record('quit-proceeds');
  },
  exit(code) {
    record('app.exit', { code });
  },
  setLoginItemSettings(settings) {
    record('app.setLoginItemSettings', { settings });
  },
  getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
  setAppUserModelId() {},
};

const windows = [];
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.visible = false;
    this.destroyed = false;
    const contents = new EventEmitter();
    contents.mainFrame = { url: '', parent: null };
    contents.isDestroyed = () => this.destroyed;
    contents.setWindowOpenHandler = (handler) => {
      contents.windowOpenHandler = handler;
    };
    contents.send = (channel, message) => record('webContents.send', { channel, event: message && message.event });
    this.webContents = contents;
    windows.push(this);
    record('BrowserWindow', { options, preloadExists: existsSync(options.webPreferences.preload) });
  }
  loadFile(path) {
    this.webContents.mainFrame.url = pathToFileURL(path).href;
    record('BrowserWindow.loadFile', { path, exists: existsSync(path) });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() {
    this.visible = true;
    record('BrowserWindow.show');
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

const handlers = new Map();
const ipcMain = {
  handle(channel, listener) {
    handlers.set(channel, listener);
    record('ipcMain.handle', { channel });
  },
  removeHandler(channel) {
    handlers.delete(channel);
    record('ipcMain.removeHandler', { channel });
  },
};

const webRequest = {};
const defaultSession = {
  setPermissionRequestHandler(handler) {
    defaultSession.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler) {
    defaultSession.permissionCheck = handler;
  },
  webRequest: {
    onBeforeRequest(listener) {
      webRequest.beforeRequest = listener;
      record('session.webRequest.onBeforeRequest');
    },
    onHeadersReceived(listener) {
      webRequest.headersReceived = listener;
      record('session.webRequest.onHeadersReceived');
    },
  },
  // No proxy configured on this "OS".
  resolveProxy: () => Promise.resolve('DIRECT'),
};

const nativeImage = {
  createFromPath(path) {
    record('nativeImage.createFromPath', { path, exists: existsSync(path) });
    return { path, setTemplateImage() {}, isEmpty: () => !existsSync(path) };
  },
};

let tray;
let lastMenu;
class Tray {
  constructor(image) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- because the stand-in keeps the last Tray so the test can click its menu
    tray = this;
    record('Tray', { image: image && image.path });
  }
  setContextMenu(menu) {
    lastMenu = menu.template;
    record('Tray.setContextMenu', { menu: describeMenu(menu.template) });
  }
  setToolTip(text) {
    record('Tray.setToolTip', { text });
  }
  setImage(image) {
    record('Tray.setImage', { image: image && image.path });
  }
  destroy() {
    tray = undefined;
    record('Tray.destroy');
  }
}

const Menu = { buildFromTemplate: (template) => ({ template }) };

class Notification extends EventEmitter {
  static isSupported() {
    return false;
  }
  show() {}
}

const provided = {
  app,
  BrowserWindow,
  ipcMain,
  session: { defaultSession },
  nativeImage,
  Tray,
  Menu,
  Notification,
  clipboard: { writeText: (text) => record('clipboard.writeText', { length: text.length }) },
  shell: { openExternal: (url) => (record('shell.openExternal', { url }), Promise.resolve()) },
  powerMonitor: {
    on() {
      return this;
    },
  },
  net: { isOnline: () => true },
};

function findItem(items, path) {
  const [head, ...rest] = path;
  const item = items.find((i) => typeof i.label === 'string' && i.label.startsWith(head));
  if (!item) throw new Error(`no menu item starting with "${head}" in ${JSON.stringify(items.map((i) => i.label))}`);
  return rest.length ? findItem(item.submenu || [], rest) : item;
}

// What the test asks of the "user" and the "OS"; each command is answered with { type: 'reply', id, ... }.
const commands = {
  // A click on a tray menu item, named by its label's beginning (and its submenus' for nested items).
  click({ path }) {
    if (!tray || !lastMenu) throw new Error('no tray menu');
    findItem(lastMenu, path).click();
    return {};
  },
  // What the session does to a response from `url`: the headers it hands Chromium.
  headers({ url }) {
    return new Promise((resolve) =>
      webRequest.headersReceived({ url, responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => resolve({ response })),
    );
  },
  beforeRequest({ url }) {
    return new Promise((resolve) => webRequest.beforeRequest({ url }, (response) => resolve({ response })));
  },
  // A call over the IPC channel from the window's main frame (or from a foreign frame).
  async invoke({ channel, request, foreign }) {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`nothing handles ${channel}`);
    const win = windows.at(-1);
    const senderFrame = foreign ? { url: 'https://evil.example/', parent: null } : win.webContents.mainFrame;
    return { response: await handler({ senderFrame }, request) };
  },
  // The OS asks the app to quit (Cmd-Q, logout, an installer).
  quit() {
    app.quit();
    return {};
  },
  // The test is done looking: let go of the channel; a clean app has nothing left to keep it running.
  release() {
    setImmediate(() => process.disconnect());
    return { quitProceeded };
  },
};

process.on('message', async (message) => {
  const { id, cmd } = message;
  try {
    send({ type: 'reply', id, ok: true, ...(await commands[cmd](message)) });
  } catch (err) {
    send({ type: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});

module.exports = new Proxy(provided, {
  get(target, name) {
    if (name in target) return target[name];
    if (typeof name === 'symbol' || name === '__esModule' || name === 'default' || name === 'then') return undefined;
    record('missing', { name });
    throw new Error(`the electron stand-in does not provide electron.${String(name)}: add it to test/electron/stand-in/electron.cjs`);
  },
});
