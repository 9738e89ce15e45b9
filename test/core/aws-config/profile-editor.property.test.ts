import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listProfiles, removeProfiles, upsertProfile, type ManagedProfileSpec } from '../../../main/core/aws-config/profile-editor.js';
import { configText, profileSpec, userTail } from './config-generators.js';

const removeAll = (text: string) => removeProfiles(text, () => true).text;
const applyAll = (text: string, specs: ManagedProfileSpec[]) => specs.reduce((t, s) => upsertProfile(t, s), text);

describe('profile editor on generated files (fast-check)', () => {
  it('adding profiles and removing them all gives back the original bytes exactly', () => {
    fc.assert(
      fc.property(configText, fc.array(profileSpec, { minLength: 1, maxLength: 5 }), (original, specs) => {
        const edited = applyAll(original, specs);
        expect(edited.startsWith(original.replace(/(\r\n|\n|\r)?$/, ''))).toBe(true);
        expect(removeAll(edited)).toBe(original);
      }),
      { numRuns: 3000 },
    );
  });

  it('removes profiles one at a time, in any order, back to the original', () => {
    fc.assert(
      fc.property(configText, fc.array(profileSpec, { minLength: 2, maxLength: 4 }), fc.boolean(), (original, specs, reverse) => {
        let edited = applyAll(original, specs);
        const names = [...new Set(specs.map((s) => s.name))];
        if (reverse) names.reverse();
        for (const name of names) edited = removeProfiles(edited, (e) => e.name === name).text;
        expect(edited).toBe(original);
      }),
      { numRuns: 1500 },
    );
  });

  it('is idempotent: applying the same profiles again returns the same bytes', () => {
    fc.assert(
      fc.property(configText, fc.array(profileSpec, { minLength: 1, maxLength: 4 }), (original, specs) => {
        const once = applyAll(original, specs);
        expect(applyAll(once, specs)).toBe(once);
      }),
      { numRuns: 1500 },
    );
  });

  it('updates a profile in place without touching what the user wrote around or inside it', () => {
    fc.assert(
      fc.property(configText, profileSpec, userTail, configText, profileSpec, (original, spec, tail, after, change) => {
        const changed = { ...change, name: spec.name };
        const withOurs = upsertProfile(original, spec);
        // The user keeps editing: lines right after our section (maybe inside it), then more of their own.
        const userEdited = `${withOurs}${withOurs.length && !/[\r\n]$/.test(withOurs) ? '\n' : ''}${tail}${after}`;
        const updated = upsertProfile(userEdited, changed);
        expect(removeAll(updated)).toBe(removeAll(userEdited));
        const entry = listProfiles(updated).find((e) => e.name === spec.name)!;
        expect(entry).toMatchObject({ account: changed.account, region: changed.region, credentialProcess: changed.credentialProcess });
        expect(entry.roleArn).toBe(changed.roleArn);
      }),
      { numRuns: 1500 },
    );
  });

  it('finds exactly the profiles it wrote', () => {
    fc.assert(
      fc.property(configText, fc.array(profileSpec, { minLength: 1, maxLength: 5 }), (original, specs) => {
        const edited = applyAll(original, specs);
        const last = new Map<string, ManagedProfileSpec>(specs.map((s) => [s.name, s]));
        const listed = listProfiles(edited);
        expect(listed.map((e) => e.name).sort()).toEqual([...last.keys()].sort());
        for (const e of listed) expect(e).toMatchObject({ account: last.get(e.name)!.account, region: last.get(e.name)!.region });
      }),
      { numRuns: 1000 },
    );
  });
});
