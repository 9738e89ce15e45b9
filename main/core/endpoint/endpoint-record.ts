import { readdir, readFile, rm } from 'node:fs/promises';
import { isProcessAlive } from '../fs/process-alive.js';
import { endpointsDir, recordPath, serverDir } from './endpoint-paths.js';

/**
 * What a running endpoint tells other cognito-broker commands (`export --format container`, the window):
 * where it listens and which (account, role) it serves with which token file. Never a token.
 */
export interface EndpointRecord {
  version: 1;
  kind: 'app' | 'serve';
  pid: number;
  startedAt: string;
  /** `http://127.0.0.1:<port>` (or `http://[::1]:<port>`). */
  url: string;
  routes: { account: string; roleArn?: string; path: string; tokenFile: string }[];
}

export interface ServedRoute {
  record: EndpointRecord;
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI */
  fullUri: string;
  tokenFile: string;
}

export async function readRecord(home: string, serverId: string): Promise<EndpointRecord | undefined> {
  try {
    const value = JSON.parse(await readFile(recordPath(home, serverId), 'utf8')) as EndpointRecord;
    if (value.version !== 1 || typeof value.url !== 'string' || typeof value.pid !== 'number' || !Array.isArray(value.routes)) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** Records of endpoints whose process still runs, newest first. */
export async function liveRecords(home: string): Promise<{ id: string; record: EndpointRecord }[]> {
  const ids = await readdir(endpointsDir(home)).catch(() => [] as string[]);
  const found: { id: string; record: EndpointRecord }[] = [];
  for (const id of ids) {
    const record = await readRecord(home, id);
    if (record && isProcessAlive(record.pid)) found.push({ id, record });
  }
  return found.sort((a, b) => Date.parse(b.record.startedAt) - Date.parse(a.record.startedAt));
}

/** The running endpoint that serves (account, role), if any (the newest when several do). */
export async function findServedRoute(home: string, account: string, roleArn: string | undefined): Promise<ServedRoute | undefined> {
  for (const { record } of await liveRecords(home)) {
    const route = record.routes.find((r) => r.account === account && r.roleArn === roleArn);
    if (route) return { record, fullUri: `${record.url}${route.path}`, tokenFile: route.tokenFile };
  }
  return undefined;
}

/**
 * Removes the folders of endpoints whose process is gone (a crash, a kill), whose token files would otherwise
 * stay. Only a folder whose record names a dead process is removed; anything else is left as it is.
 */
export async function removeDeadServers(home: string): Promise<void> {
  const ids = await readdir(endpointsDir(home)).catch(() => [] as string[]);
  for (const id of ids) {
    const record = await readRecord(home, id);
    if (record && !isProcessAlive(record.pid)) await rm(serverDir(home, id), { recursive: true, force: true }).catch(() => undefined);
  }
}
