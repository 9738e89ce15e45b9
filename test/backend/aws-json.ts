import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The AWS JSON 1.1 wire protocol as the AWS SDKs speak it: POST / with `X-Amz-Target: <Service>.<Operation>`,
 * a JSON body, and errors as HTTP 400 with `{"__type": "<Name>", "message": "..."}` plus the
 * `x-amzn-ErrorType` header (the SDK reads either).
 */
export const AWS_JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** An error with AWS's exception name; servers turn it into the wire error. */
export class AwsError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

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

/** Counts calls by name; a test asserts e.g. `counts['InitiateAuth:REFRESH_TOKEN_AUTH'] === 1`. */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}

/**
 * Faults a test asks for: the next `times` calls of an operation (or '*' for any) fail with an AWS error
 * and/or answer after a delay, e.g. `{ operation: 'GetCredentialsForIdentity', error: { type:
 * 'TooManyRequestsException', message: 'Rate exceeded' } }`. The call is still counted.
 */
export interface Fault {
  operation: string;
  error?: { type: string; message: string; status?: number };
  delayMs?: number;
  /** How many calls it applies to (default 1); Infinity until cleared. */
  times?: number;
}

export class FaultPlan {
  private faults: (Fault & { left: number })[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Applies the first fault that matches `operation`: waits, then throws its error if it has one. */
  async apply(operation: string): Promise<void> {
    const fault = this.faults.find((f) => f.left > 0 && (f.operation === operation || f.operation === '*'));
    if (!fault) return;
    fault.left -= 1;
    this.faults = this.faults.filter((f) => f.left > 0);
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.error) throw new AwsError(fault.error.type, fault.error.message, fault.error.status ?? 400);
  }
}
