import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './aws-json.js';
import { testServerMark } from '../support/test-server-mark.js';

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
   * The Region in pool ids (`<region>_XXXXXXXX`, as AWS names pools; cognito-local's own ids are
   * `local_XXXXXXXX`) and in the AWS issuer. Default us-east-1.
   */
  region?: string;
  /**
   * Which of AWS's two issuer forms the tokens carry (API reference, IssuerConfigurationType:
   * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IssuerConfigurationType.html):
   * ORIGINAL `https://cognito-idp.<region>.amazonaws.com/<poolId>` (the default) or UPDATED
   * `https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>`. Either way the issuer never names the host the
   * client called, as on AWS. `emulator` signs with cognito-local's own URL, as an emulator that does not sign
   * like AWS would (for the tests of the broker's explicit per-account `issuer` setting).
   */
  issuerForm?: IssuerForm;
}

export type IssuerForm = 'original' | 'updated' | 'emulator';

/** AWS's issuer base (the issuer without `/<poolId>`) for a Region and form; see CognitoLocalOptions.issuerForm. */
export function awsIssuerBase(region: string, form: Exclude<IssuerForm, 'emulator'>): string {
  return `https://${form === 'updated' ? 'issuer-cognito-idp' : 'cognito-idp'}.${region}.amazonaws.com`;
}

/**
 * cognito-local names every pool `local_<id>` (a constant in its CreateUserPool). AWS pool ids carry the pool's
 * primary Region (`us-east-1_AbC123`), which clients read — the broker takes the issuer's Region from it — so the
 * child process replaces that one target before cognito-local starts: the same pool, created by cognito-local's
 * own code, under an AWS-shaped id and ARN.
 */
function awsPoolIdsPreamble(region: string, targetsModule: string, startScript: string): string {
  return `
const { Targets } = require(${JSON.stringify(targetsModule)});
const create = Targets.CreateUserPool;
Targets.CreateUserPool = (services) => {
  const cognito = Object.create(services.cognito);
  cognito.createUserPool = (ctx, pool) => {
    const id = pool.Id.replace(/^local_/, ${JSON.stringify(`${region}_`)});
    return services.cognito.createUserPool(ctx, { ...pool, Id: id, Arn: 'arn:aws:cognito-idp:${region}:123456789012:userpool/' + id });
  };
  return create({ ...services, cognito });
};
require(${JSON.stringify(startScript)});
`;
}

export interface CognitoLocal {
  endpoint: string;
  region: string;
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
  const region = options.region ?? 'us-east-1';
  const form = options.issuerForm ?? 'original';
  const targets = join(dirname(script), '..', 'targets', 'targets.js');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const issuerDomain = form === 'emulator' ? endpoint : awsIssuerBase(region, form);
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
          TokenConfig: { IssuerDomain: issuerDomain },
        },
        null,
        2,
      ),
    );
    let log = '';
    const child = spawn(process.execPath, ['-e', awsPoolIdsPreamble(region, targets, script)], {
      cwd: dataDir,
      env: { ...process.env, ...testServerMark(), HOST: '127.0.0.1', PORT: String(port), CODE: options.code, DEBUG: '', COGNITO_LOCAL_DEVMODE: '' },
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
    return { endpoint, region, issuerDomain, port, dataDir, stop };
  }
  if (ownDir) await rm(dataDir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error('cognito-local did not start');
}
