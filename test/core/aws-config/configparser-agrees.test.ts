import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertProfile } from '../../../main/core/aws-config/profile-editor.js';
import { configText, profileSpec } from './config-generators.js';

/**
 * The byte-level property tests prove we leave foreign bytes alone; this one asks the AWS CLI's own
 * reader. Python's configparser (what botocore uses, reading files with universal newlines) parses 2,000
 * generated files before and after our edits: for every file it could read before, it reads the edited one,
 * sees every foreign section and value exactly as before, and sees our profiles with our values.
 */
const READER = `
import configparser, json, sys
out = {}
for path in sys.argv[1:]:
    cp = configparser.RawConfigParser()
    try:
        with open(path, encoding='latin-1') as f:
            cp.read_file(f)
        out[path] = {s: dict(cp.items(s)) for s in cp.sections()}
    except configparser.Error as e:
        out[path] = None
print(json.dumps(out))
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-configparser-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Parsed = Record<string, Record<string, string>> | null;

function parseAll(paths: string[]): Record<string, Parsed> {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', READER, ...paths], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as Record<string, Parsed>;
}

describe("Python's configparser reads our edits the way we intend", () => {
  it('2,000 generated files: foreign sections unchanged, ours present with our values', async () => {
    const samples = fc.sample(fc.tuple(configText, fc.array(profileSpec, { minLength: 1, maxLength: 4 })), { numRuns: 2000 });
    const before: string[] = [];
    const after: string[] = [];
    const expected: Map<string, { credential_process: string; region: string }>[] = [];
    for (const [i, [text, specs]] of samples.entries()) {
      const edited = specs.reduce((t, s) => upsertProfile(t, s), text);
      before.push(join(dir, `${i}.before`));
      after.push(join(dir, `${i}.after`));
      await writeFile(before[i]!, Buffer.from(text, 'latin1'));
      await writeFile(after[i]!, Buffer.from(edited, 'latin1'));
      const ours = new Map<string, { credential_process: string; region: string }>();
      for (const s of specs)
        ours.set(`profile ${s.name}`, { credential_process: Buffer.from(s.credentialProcess, 'utf8').toString('latin1'), region: s.region });
      expected.push(ours);
    }
    const parsedBefore = parseAll(before);
    const parsedAfter = parseAll(after);
    let readable = 0;
    for (let i = 0; i < samples.length; i++) {
      const b = parsedBefore[before[i]!];
      if (b === null || b === undefined) continue;
      readable++;
      const a = parsedAfter[after[i]!];
      expect(a, `file ${i} became unreadable`).toBeTruthy();
      const foreign = Object.fromEntries(Object.entries(a!).filter(([name]) => !expected[i]!.has(name)));
      expect(foreign).toEqual(b);
      for (const [name, values] of expected[i]!) expect(a![name]).toEqual(values);
    }
    // Enough of the generated files are valid INI for this to mean something.
    expect(readable).toBeGreaterThan(150);
    console.info(`configparser: ${readable}/2000 generated files were readable before the edit; all read identically after`);
  });
});
