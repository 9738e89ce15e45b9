import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from './aws-error.js';

export { AwsError };

/**
 * The AWS JSON 1.1 wire protocol as the AWS SDKs speak it: POST / with `X-Amz-Target: <Service>.<Operation>`,
 * a JSON body, and errors as HTTP 400 with `{"__type": "<Name>", "message": "..."}` plus the
 * `x-amzn-ErrorType` header (the SDK reads either).
 */
export const AWS_JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export type JsonObject = Record<string, unknown>;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseJsonBody(body: Buffer): JsonObject {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return parsed as JsonObject;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = AWS_JSON_CONTENT_TYPE): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID() });
  res.end(text);
}

export function sendAwsError(res: ServerResponse, error: AwsError): void {
  const text = JSON.stringify({ __type: error.type, message: error.message });
  res.writeHead(error.status, {
    'content-type': AWS_JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': error.type,
    'x-amzn-requestid': crypto.randomUUID(),
  });
  res.end(text);
}

/** `AWSCognitoIdentityService.GetId` → `GetId` when the prefix matches; otherwise undefined. */
export function operationOf(req: IncomingMessage, servicePrefix: string): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(`${servicePrefix}.`)) return undefined;
  return target.slice(servicePrefix.length + 1);
}

/** Starts `server` on 127.0.0.1 on a free port and returns its base URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return loopbackUrl(server);
}

/** The base URL of a server listening on 127.0.0.1. */
export function loopbackUrl(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Closes a server, dropping kept-alive sockets so stop() does not wait for idle SDK connections. */
export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A free loopback port for a child process that cannot listen on port 0 itself. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const url = await listenOnLoopback(probe);
  await closeServer(probe);
  return Number(new URL(url).port);
}

// Older imports take these from here; they live in their own files.
export { CallCounter } from './call-counter.js';
export { FaultPlan, type Fault } from './fault-plan.js';
