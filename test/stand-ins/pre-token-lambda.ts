import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CallCounter } from './call-counter.js';
import { closeServer, listenOnLoopback, readBody } from './aws-json.js';

/**
 * A Lambda Invoke endpoint for cognito-local's PreTokenGeneration trigger, so ID tokens carry the role
 * claims real Cognito adds from the user's groups (cognito-local adds only `cognito:groups`):
 * - `cognito:roles`: the RoleArn of every group of the user, an array of strings as in real tokens
 *   (cognito-local merges `claimsToAddOrOverride` values into the token as they are, arrays included);
 * - `cognito:preferred_role`: the role of the group with the lowest Precedence; left out when several groups
 *   share that best precedence with different roles (AWS's rule). Groups without a Precedence rank last.
 */
export interface GroupInfo {
  GroupName: string;
  RoleArn?: string;
  Precedence?: number;
}

export function roleClaims(groups: GroupInfo[]): Record<string, unknown> {
  const withRoles = groups.filter((g) => typeof g.RoleArn === 'string' && g.RoleArn !== '');
  if (withRoles.length === 0) return {};
  const rank = (g: GroupInfo) => (typeof g.Precedence === 'number' ? g.Precedence : Number.POSITIVE_INFINITY);
  const sorted = [...withRoles].sort((a, b) => rank(a) - rank(b) || a.GroupName.localeCompare(b.GroupName));
  const roles = [...new Set(sorted.map((g) => g.RoleArn!))];
  const best = rank(sorted[0]!);
  const bestRoles = new Set(sorted.filter((g) => rank(g) === best).map((g) => g.RoleArn!));
  const claims: Record<string, unknown> = { 'cognito:roles': roles };
  if (bestRoles.size === 1) claims['cognito:preferred_role'] = [...bestRoles][0];
  return claims;
}

export interface PreTokenLambda {
  endpoint: string;
  functionName: string;
  counts: CallCounter;
  /** Set once cognito-local runs (it needs our endpoint in its config first). */
  setCognitoLocalEndpoint(endpoint: string): void;
  stop(): Promise<void>;
}

export async function startPreTokenLambda(functionName = 'cognito-broker-pre-token'): Promise<PreTokenLambda> {
  let cognitoLocal: string | undefined;
  const counts = new CallCounter();

  async function listGroups(userPoolId: string, username: string): Promise<GroupInfo[]> {
    if (!cognitoLocal) throw new Error('cognito-local endpoint not set');
    const groups: GroupInfo[] = [];
    let nextToken: string | undefined;
    do {
      const res = await fetch(cognitoLocal, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminListGroupsForUser' },
        body: JSON.stringify({ UserPoolId: userPoolId, Username: username, NextToken: nextToken }),
      });
      const body = (await res.json()) as { Groups?: GroupInfo[]; NextToken?: string; message?: string };
      if (!res.ok) throw new Error(`AdminListGroupsForUser failed: ${body.message ?? res.status}`);
      groups.push(...(body.Groups ?? []));
      nextToken = body.NextToken;
    } while (nextToken);
    return groups;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (req.method !== 'POST' || !match || decodeURIComponent(match[1]!) !== functionName) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
      res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${match?.[1] ?? req.url}` }));
      return;
    }
    try {
      const event = JSON.parse(body.toString('utf8')) as { userPoolId: string; userName: string; triggerSource?: string; response?: Record<string, unknown> };
      counts.add(event.triggerSource ?? 'unknown');
      const claims = roleClaims(await listGroups(event.userPoolId, event.userName));
      const answer = { ...event, response: { ...(event.response ?? {}), claimsOverrideDetails: { claimsToAddOrOverride: claims } } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    } catch (error) {
      // How Lambda reports a function that threw: 200 with X-Amz-Function-Error and an errorMessage payload.
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
      res.end(JSON.stringify({ errorMessage: error instanceof Error ? error.message : String(error), errorType: 'Error' }));
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  const endpoint = await listenOnLoopback(server);
  return {
    endpoint,
    functionName,
    counts,
    setCognitoLocalEndpoint(e) {
      cognitoLocal = e;
    },
    stop: () => closeServer(server),
  };
}
