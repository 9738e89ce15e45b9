import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { getMfaStatus } from '../../../main/core/self-service/mfa.js';
import { parseStoredSession } from '../../../main/core/credentials/session-record.js';
import { secretKeys } from '../../../main/core/keychain/secret-store.js';
import { brokerWorld, type BrokerWorld } from '../../support/broker-world.js';

/**
 * `mfa enable-totp` as a person uses it: on a real pseudo-terminal (Python's pty module), against the test
 * backend and the keychain. The "person" reads the key off the screen, computes codes like an authenticator
 * app (RFC 6238 in Python, independent of our code), types a wrong one first, then the right one.
 * stdout goes to a file, to prove the key is shown on the terminal only.
 */
const run = promisify(execFile);
let bw: BrokerWorld;
let dir: string;
let bundle: string;

beforeAll(async () => {
  bw = await brokerWorld({ name: 'totp-cli', groups: ['developers'] });
  await bw.broker.login(bw.account, bw.prompter());
  dir = await mkdtemp(join(tmpdir(), 'mfa-terminal-'));
  const entry = join(dir, 'entry.ts');
  await writeFile(
    entry,
    `import { mfaEnableTotpCommand } from ${JSON.stringify(resolve('main/cli/commands/mfa.ts'))};
const io = { env: process.env, home: process.env.COGNITO_BROKER_HOME as string, debug: false, stdin: process.stdin,
  stdout: (t: string) => { process.stdout.write(t); }, stderr: (t: string) => { process.stderr.write(t); } };
mfaEnableTotpCommand.run({ positionals: [process.argv[2] as string], values: {} }, io)
  .then((code) => process.exit(code), (e) => { process.stderr.write('ERROR ' + (e.describe ? e.describe() : e.message) + '\\n'); process.exit(1); });
`,
  );
  bundle = join(dir, 'entry.cjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent', external: ['@napi-rs/keyring'] });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await bw?.cleanup();
});

const DRIVER = String.raw`
import base64, hashlib, hmac, os, pty, re, select, struct, sys, time
node, bundle, account, stdout_file = sys.argv[1:5]
def totp(key):
    k = base64.b32decode(key + '=' * (-len(key) % 8))
    h = hmac.new(k, struct.pack('>Q', int(time.time()) // 30), hashlib.sha1).digest()
    o = h[-1] & 15
    return '%06d' % ((struct.unpack('>I', h[o:o + 4])[0] & 0x7fffffff) % 1000000)
pid, fd = pty.fork()
if pid == 0:
    out = os.open(stdout_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.execv(node, [node, bundle, account])
screen = b''
answered = 0
answers = ['000000', None]
deadline = time.time() + 40
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    fresh = screen[answered:].replace(b'\r', b'').replace(b'\n', b'')
    if answers and fresh.endswith(b': '):
        answer = answers.pop(0)
        if answer is None:
            key = re.search(rb'Or type this key: ([A-Z2-7 ]+)', screen).group(1).decode().replace(' ', '')
            answer = totp(key)
        os.write(fd, answer.encode() + b'\r')
        answered = len(screen)
_, status = os.waitpid(pid, 0)
sys.stdout.write('STATUS %d\n' % os.waitstatus_to_exitcode(status))
sys.stdout.write(screen.decode('utf-8', 'replace'))
`;

describe('mfa enable-totp on a terminal', () => {
  it('shows the key on the terminal only, refuses a wrong code, and turns TOTP on as preferred', async () => {
    const stdoutFile = join(dir, 'stdout');
    const { stdout: screen } = await run('/usr/bin/python3', ['-c', DRIVER, process.execPath, bundle, 'totp-cli', stdoutFile], {
      timeout: 60_000,
      env: { ...process.env, COGNITO_BROKER_HOME: bw.home, NODE_PATH: resolve('node_modules') },
    });
    expect(screen).toMatch(/^STATUS 0\n/);
    expect(screen).toContain('Scan this QR code with your authenticator app:');
    expect(screen).toContain('That code is not right. Try the current code.');
    const key = /Or type this key: ([A-Z2-7 ]+)/.exec(screen)![1]!.replace(/ /g, '');

    const stdout = await readFile(stdoutFile, 'utf8');
    expect(stdout).toBe('The authenticator app is on for "totp-cli" and is your preferred second factor.\n');
    expect(stdout).not.toContain(key);

    const session = parseStoredSession(await bw.store.get(secretKeys.session('totp-cli')))!;
    const status = await getMfaStatus(bw.account, session.accessToken, { env: {} });
    expect(status).toEqual({ username: bw.user.username, enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
  });
});
