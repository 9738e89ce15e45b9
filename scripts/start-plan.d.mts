// Types of start-plan.mjs for the tests (the script itself is plain JavaScript run by Node).
import type { DownloadHost, InstallResult } from './electron-installer.mjs';

export declare const INSTALL_TIMEOUT_MS: number;
export type FoundElectron = { binary: string } | { missing: true } | { badOverride: string };
export declare function findElectron(root: string, env: NodeJS.ProcessEnv): FoundElectron;
export declare function hasDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean;
export interface StartParts {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  version: string;
  findElectron(): FoundElectron;
  downloadHost?: DownloadHost;
  /** undefined: not asked (behind a proxy). */
  reachable(): Promise<boolean | undefined>;
  install(): Promise<InstallResult>;
  say(line: string): void;
  timeoutMs?: number;
}
export type StartPlan = { kind: 'desktop'; binary: string } | { kind: 'browser' };
export declare function planStart(parts: StartParts): Promise<StartPlan>;
