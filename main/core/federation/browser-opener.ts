import { spawn } from 'node:child_process';

/**
 * Opens a URL in the person's browser. True when a browser was started; false when none can be (a headless
 * server, an SSH session), so the caller prints the URL instead. Injected everywhere, so tests drive a real
 * Chromium and the app can use Electron's shell.openExternal.
 */
export type BrowserOpener = (url: string) => Promise<boolean>;

interface Launch {
  command: string;
  args: string[];
}

/**
 * `$BROWSER` first (the convention `xdg-open`, `gh` and the AWS CLI's SSO login follow: a command, `%s` standing
 * for the URL or the URL appended; the first of a colon-separated list), then the platform's own "open this
 * URL" program. Never a shell, so nothing in the URL is interpreted.
 */
export function systemLaunch(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Launch | undefined {
  const browser = env.BROWSER?.split(platform === 'win32' ? ';' : ':')[0]?.trim();
  if (browser) {
    const words = browser.split(/\s+/);
    const args = words.slice(1).map((w) => w.replace('%s', url));
    if (!words.slice(1).some((w) => w.includes('%s'))) args.push(url);
    return { command: words[0]!, args };
  }
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // rundll32 hands the URL to the default browser without cmd.exe, whose `start` would split it at `&`.
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  // Without a display xdg-open falls back to a text browser that would take over this terminal.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { command: 'xdg-open', args: [url] };
}

/** Gives the opener this long to fail before assuming the browser is starting. */
const SETTLE_MS = 3000;

export function systemBrowserOpener(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): BrowserOpener {
  return (url) => {
    const launch = systemLaunch(url, platform, env);
    if (!launch) return Promise.resolve(false);
    return new Promise((resolve) => {
      const child = spawn(launch.command, launch.args, { stdio: 'ignore', detached: true, windowsHide: true });
      const timer = setTimeout(() => {
        child.unref();
        resolve(true);
      }, SETTLE_MS);
      child.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code === 0);
      });
    });
  };
}
