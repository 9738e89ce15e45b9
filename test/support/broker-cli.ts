import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
/** The built command; COGNITO_BROKER_TEST_CLI runs these tests against another build of it (a packaged one). */
export const CLI = process.env.COGNITO_BROKER_TEST_CLI ?? join(ROOT, 'dist', 'cli', 'cognito-broker.cjs');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Start the BUILT command as a real process; `done` resolves when it has exited. */
export function startCli(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = [], input?: string): { child: ChildProcess; done: Promise<Run> } {
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (input !== undefined) child.stdin?.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
  return { child, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = [], input?: string): Promise<Run> {
  return startCli(args, env, nodeArgs, input).done;
}

/** A server that accepts connections and never answers: a hung endpoint. */
export async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The Version 1 document, checked field by field. */
export function parseProcessOutput(stdout: string): {
  Version: number;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
} {
  const lines = stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== 1) throw new Error(`expected one line of JSON on stdout, got ${lines.length}`);
  const doc = JSON.parse(lines[0] as string) as Record<string, unknown>;
  if (doc.Version !== 1) throw new Error('Version is not 1');
  for (const k of ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']) if (typeof doc[k] !== 'string') throw new Error(`${k} missing`);
  if (Object.keys(doc).length !== 5) throw new Error(`unexpected keys ${Object.keys(doc).join(',')}`);
  return doc as ReturnType<typeof parseProcessOutput>;
}
