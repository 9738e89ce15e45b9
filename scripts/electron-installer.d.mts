// Types of electron-installer.mjs for the tests (the script itself is plain JavaScript run by Node).
export declare const INSTALL_COMMAND: string;
export interface DownloadHost {
  host: string;
  port: number;
}
export type InstallResult = { ok: true } | { ok: false; reason: 'timeout' } | { ok: false; reason: 'failed'; detail: string };
export declare function usesProxy(env: NodeJS.ProcessEnv): boolean;
export declare function downloadHost(env: NodeJS.ProcessEnv): DownloadHost | undefined;
export declare function canConnect(host: DownloadHost, timeoutMs?: number): Promise<boolean>;
export declare function runInstaller(options: {
  script: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  node?: string;
  stdio?: 'inherit' | 'ignore' | 'pipe';
}): Promise<InstallResult>;
