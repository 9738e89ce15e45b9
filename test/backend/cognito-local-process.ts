import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './aws-json.js';

/**
 * cognito-local (the user-pool emulator, an npm devDependency) as a child process in its own working
 * directory, which holds its config and its JSON database. It cannot listen on port 0 (it is told PORT and
 * reports nothing back), so we pick a free port first and retry if another process took it meanwhile.
 */
export interface CognitoLocalOptions {
  /** Directory for `.cognito/`; a fresh temp dir (removed on stop) when omitted. */
  dataDir?: string;
  /** Fixed code for every SMS / e-mail / forgot-password message. */
  code: string;
  /** Lambda endpoint that serves the PreTokenGeneration trigger. */
  lambdaEndpoint: string;
  preTokenGenerationFunction: string;
  /**
   * Base of the `iss` claim of every token (TokenConfig.IssuerDomain; the issuer is `<issuerDomain>/<poolId>`).
   * Clients that reach cognito-local through a proxy pass the proxy's URL, as AWS names its own endpoint;
   * cognito-local's own URL when omitted.
   */
  issuerDomain?: string;
}

export interface CognitoLocal {
  endpoint: string;
  /** Base of its tokens' issuer: `iss` = `<issuerDomain>/<poolId>`. */
  issuerDomain: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

function startScript(): string {
  // Resolve from the working directory first (tests, `npm run demo` in a checkout), then from the running
  // script (the bundled demo under dist/cli), so neither import.meta nor __filename is needed.
  const bases = [join(process.cwd(), 'package.json'), process.argv[1] ?? ''].filter(Boolean);
  for (const base of bases) {
    try {
      const pkg = createRequire(base).resolve('cognito-local/package.json');
      const script = join(dirname(pkg), 'lib', 'bin', 'start.js');
      if (existsSync(script)) return script;
    } catch {
      // try the next base
    }
  }
  throw new Error('cognito-local is not installed: run `npm install` in the project first.');
}

async function waitHealthy(endpoint: string, child: ChildProcess, output: () => string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited with code ${child.exitCode}: ${output().slice(-2000)}`);
    try {
      const res = await fetch(`${endpoint}/health`);
      const body = (await res.json()) as { ok?: boolean };
      if (body.ok === true) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`cognito-local did not become healthy within ${deadlineMs} ms: ${output().slice(-2000)}`);
}

export async function startCognitoLocal(options: CognitoLocalOptions): Promise<CognitoLocal> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cognito-local-')));
  await mkdir(join(dataDir, '.cognito'), { recursive: true });
  const script = startScript();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    // Written for each attempt: the default issuer names the port, which is only known now.
    await writeFile(
      join(dataDir, '.cognito', 'config.json'),
      JSON.stringify(
        {
          UserPoolDefaults: { UsernameAttributes: [] },
          TriggerFunctions: { PreTokenGeneration: options.preTokenGenerationFunction },
          LambdaClient: {
            endpoint: options.lambdaEndpoint,
            region: 'local',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          },
          TokenConfig: { IssuerDomain: options.issuerDomain ?? endpoint },
        },
        null,
        2,
      ),
    );
    let log = '';
    const child = spawn(process.execPath, [script], {
      cwd: dataDir,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), CODE: options.code, DEBUG: '', COGNITO_LOCAL_DEVMODE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => {
      log = (log + d.toString()).slice(-8000);
    });
    child.stderr?.on('data', (d: Buffer) => {
      log = (log + d.toString()).slice(-8000);
    });
    try {
      await waitHealthy(endpoint, child, () => log, 20_000);
    } catch (error) {
      lastError = error;
      child.kill('SIGKILL');
      continue;
    }
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    };
    return { endpoint, issuerDomain: options.issuerDomain ?? endpoint, port, dataDir, stop };
  }
  if (ownDir) await rm(dataDir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error('cognito-local did not start');
}
