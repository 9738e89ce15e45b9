import { join } from 'node:path';
import { shortHash } from '../keychain/service-name.js';

/**
 * Where credentials endpoints keep what clients need to find them, under the (0700) broker home:
 * `endpoint/<server id>/endpoint.json` (URL and routes, no token) and one 0600 token file per (account, role)
 * next to it. The app's id is `app`, so its token files keep their paths from one run to the next (the
 * content changes every run); `serve` uses `serve-<port>`.
 */
export function endpointsDir(home: string): string {
  return join(home, 'endpoint');
}

export function serverDir(home: string, serverId: string): string {
  return join(endpointsDir(home), serverId);
}

export function recordPath(home: string, serverId: string): string {
  return join(serverDir(home, serverId), 'endpoint.json');
}

export function tokenFilePath(home: string, serverId: string, account: string, roleArn: string | undefined): string {
  return join(serverDir(home, serverId), roleArn === undefined ? `${account}.token` : `${account}-${shortHash(roleArn)}.token`);
}

/**
 * The URL path of one (account, role): `/credentials/<account>` for the account's default role,
 * `/credentials/<account>/<hash of the role ARN>` for a chosen role (an ARN's `:` and `/` would need escaping).
 */
export function routePath(account: string, roleArn: string | undefined): string {
  return roleArn === undefined ? `/credentials/${account}` : `/credentials/${account}/${shortHash(roleArn)}`;
}
