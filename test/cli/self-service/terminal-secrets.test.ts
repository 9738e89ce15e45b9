import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

/**
 * readSecrets on a real terminal: a small program calling it runs under a pseudo-terminal (Python's pty
 * module opens one and plays the person typing), which is the only way to see that the password is read from
 * the terminal, asked twice when chosen, and never echoed.
 */
const run = promisify(execFile);
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'terminal-secrets-'));
  const entry = join(dir, 'entry.ts');
  await writeFile(
    entry,
    `import { readSecrets } from ${JSON.stringify(resolve('main/cli/commands/self-service-cli.ts'))};
const io = { env: {}, home: '', debug: false, stdin: process.stdin, stdout: () => undefined, stderr: () => undefined };
readSecrets(io as never, [{ question: 'Current password: ' }, { question: 'New password: ', confirm: true, note: 'Password policy: at least 8 characters.' }], false, '--password-stdin')
  .then((answers) => { process.stdout.write('RESULT ' + JSON.stringify(answers) + '\\n'); process.exit(0); })
  .catch((e) => { process.stdout.write('ERROR ' + e.message + '\\n'); process.exit(1); });
`,
  );
  bundle = join(dir, 'entry.cjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent', external: ['@napi-rs/keyring'] });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the bundle on a pty, typing `keystrokes` one line at a time as prompts appear; returns all it showed. */
async function onTerminal(keystrokes: string[]): Promise<string> {
  const driver = `
import os, pty, sys, time, select
keys = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], ${JSON.stringify(bundle)}])
out = b''
answered = 0
deadline = time.time() + 20
def prompt_pending():
    # A new question has been shown since the last answer: like a person, type only then.
    fresh = out[answered:].replace(b'\\r', b'').replace(b'\\n', b'')
    return bool(keys) and fresh.endswith(b': ')
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    if prompt_pending():
        os.write(fd, keys.pop(0).encode() + b'\\r')
        answered = len(out)
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
`;
  const { stdout } = await run('/usr/bin/python3', ['-c', driver, process.execPath, ...keystrokes], {
    timeout: 30_000,
    // The bundle lives in a temp dir: the keychain binding it leaves external is found through NODE_PATH.
    env: { ...process.env, NODE_PATH: resolve('node_modules') },
  });
  return stdout;
}

describe('readSecrets on a terminal', () => {
  it('asks hidden, shows the policy, confirms the new password, and never echoes a password', async () => {
    const shown = await onTerminal(['Old-Passw0rd', 'New-Passw0rd', 'Typo-Passw0rd', 'New-Passw0rd', 'New-Passw0rd']);
    expect(shown).toContain('RESULT ["Old-Passw0rd","New-Passw0rd"]');
    const screen = shown.slice(0, shown.indexOf('RESULT'));
    expect(screen).toContain('Current password: ');
    expect(screen).toContain('Password policy: at least 8 characters.');
    expect(screen).toContain('The two entries differ. Try again.');
    expect(screen).not.toMatch(/Old-Passw0rd|New-Passw0rd|Typo-Passw0rd/);
  });
});
