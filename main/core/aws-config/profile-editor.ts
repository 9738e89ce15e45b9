import { BrokerError } from '../errors.js';
import { dominantEol, joinLines, splitLines, textToUtf8, utf8ToText, type ConfigLine } from './config-lines.js';
import { continuationEnd, isProfileSection, lineKey, parseSections, type ConfigSection } from './config-sections.js';
import { jsSdkHeaderLines } from './js-sdk-sections.js';
import { formatMarker, type ManagedMarker } from './managed-marker.js';

/**
 * Pure edits of the config text (latin1, one character per byte: see config-lines.ts). Only our own
 * sections are ever changed; every other byte stays where it was.
 *
 * New sections are appended at the end, after one blank line, and in the file's own line ending. Removing a
 * section removes that blank line too and, when the section was the end of a file without a final newline,
 * takes the newline back off — so removing everything we added gives back the original bytes exactly.
 */
export interface ManagedProfileSpec {
  name: string;
  account: string;
  roleArn?: string;
  region: string;
  /** The full credential_process command line (see credential-process-command.ts). */
  credentialProcess: string;
}

export interface UpsertOptions {
  /** Mark a new section `file=created` (the store knows whether it created the file; see managed-marker.ts). */
  createdFile?: boolean;
}

export interface ManagedProfileEntry {
  name: string;
  account: string;
  roleArn?: string;
  region?: string;
  credentialProcess?: string;
  /** More than one section in the file defines this profile (the AWS CLI refuses such a file). */
  duplicate: boolean;
}

/** The keys we own inside our sections; any other key a user adds there is kept as it is. */
const OWNED_KEYS = ['credential_process', 'region'] as const;

export function headerFor(name: string): string {
  return name === 'default' ? '[default]' : `[profile ${name}]`;
}

function ownedValues(spec: ManagedProfileSpec): Record<(typeof OWNED_KEYS)[number], string> {
  return { credential_process: spec.credentialProcess, region: spec.region };
}

function profileSections(lines: readonly ConfigLine[], name: string): ConfigSection[] {
  return parseSections(lines).filter((s) => isProfileSection(s) && s.header.name === name);
}

function lineOffsets(lines: readonly ConfigLine[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.text.length + line.eol.length;
  }
  return offsets;
}

/**
 * Sections we did not write that define this profile for the AWS CLI and boto3 (any spelling botocore
 * accepts, see config-sections.ts) or for the JS SDK (js-sdk-sections.ts): how many there are.
 */
function foreignDefinitions(lines: readonly ConfigLine[], text: string, name: string, parsed: readonly ConfigSection[] = parseSections(lines)): number {
  const sections = parsed.filter((s) => isProfileSection(s) && s.header.name === name);
  const botocore = sections.filter((s) => !s.marker).length;
  // A JS SDK header on a line that holds one of these sections' headers is that section (ours, or a foreign
  // one already counted); any other is a definition only the JS SDK sees.
  const offsets = lineOffsets(lines);
  const starts = sections.map((s) => offsets[s.start]!);
  const jsSdk = jsSdkHeaderLines(text, name).filter(([from, to]) => !starts.some((o) => o >= from && o <= to)).length;
  return botocore + jsSdk;
}

/** Throws 'profile-clash' when a section we did not write already defines this profile name. */
export function assertNoClash(text: string, name: string): void {
  if (foreignDefinitions(splitLines(text), text, utf8ToText(name)) > 0) {
    throw new BrokerError(
      'profile-clash',
      `The AWS config already has a profile named "${name}" that cognito-broker did not write, so it was left unchanged.`,
      {
        hint:
          name === 'default'
            ? 'Rename or remove your own [default] section first if you want cognito-broker to manage the default profile.'
            : 'Choose another name with --name NAME, or rename or remove your own section first.',
      },
    );
  }
}

/** Who a managed profile gets credentials for, in words: `account "dev"` or `account "dev" as role …`. */
export function describeOwner(owner: { account: string; roleArn?: string }): string {
  return `account "${owner.account}"${owner.roleArn ? ` as role ${owner.roleArn}` : ` with its default role`}`;
}

/**
 * Throws 'profile-clash' when our own section of this name belongs to another account or role: two managed
 * profiles of different owners must never take each other's name (`profiles add demo --role …/ReadOnly` and
 * an account named `demo-ReadOnly` both want `demo-ReadOnly`), or each sync would flip it back and forth.
 * upsertProfile itself updates whatever it is given; the store calls this for every profile that is named
 * after its owner (sync, add) and skips it for the ones that follow a choice (`use`: the active profile and
 * `default` are re-pointed at another account by design).
 */
export function assertSameOwner(text: string, spec: Pick<ManagedProfileSpec, 'name' | 'account' | 'roleArn'>): void {
  const lines = splitLines(text);
  for (const section of profileSections(lines, utf8ToText(spec.name))) {
    if (!section.marker) continue;
    const owner = { account: textToUtf8(section.marker.account), ...(section.marker.roleArn ? { roleArn: textToUtf8(section.marker.roleArn) } : {}) };
    if (owner.account === spec.account && (owner.roleArn ?? '') === (spec.roleArn ?? '')) continue;
    throw new BrokerError(
      'profile-clash',
      `The profile "${spec.name}" is already cognito-broker's profile for ${describeOwner(owner)}, so it was left unchanged.`,
      {
        hint: `Choose another name with --name NAME, or remove that profile first with \`cognito-broker profiles remove ${spec.name}\`.`,
      },
    );
  }
}

/** Adds or updates one managed profile. Returns the text unchanged (same string) when nothing differs. */
export function upsertProfile(text: string, spec: ManagedProfileSpec, options: UpsertOptions = {}): string {
  assertNoClash(text, spec.name);
  const lines = splitLines(text);
  const eol = dominantEol(lines);
  const name = utf8ToText(spec.name);
  const values = ownedValues(spec);
  const ours = profileSections(lines, name);

  if (ours.length === 0) {
    const marker = utf8ToText(formatMarker({ ...markerOf(spec), ...(options.createdFile ? { createdFile: true } : {}) }));
    const block = [headerFor(name), marker, ...OWNED_KEYS.map((k) => `${k} = ${utf8ToText(values[k])}`)];
    const hadFinalEol = lines.length === 0 || lines[lines.length - 1]!.eol !== '';
    // After a line ending in a lone '\r' (old Mac files) our blank separator must end in '\r' too: '\r'
    // followed by an empty '\n' line would read back as one '\r\n' ending, and the blank line would vanish.
    const blockEol = lines.length && lines[lines.length - 1]!.eol === '\r' ? '\r' : eol;
    if (lines.length) {
      lines[lines.length - 1]!.eol ||= eol;
      lines.push({ text: '', eol: blockEol });
    }
    for (const line of block) lines.push({ text: line, eol: blockEol });
    if (!hadFinalEol) lines[lines.length - 1]!.eol = '';
    return joinLines(lines);
  }

  // Edit from the last section backwards so earlier indexes stay valid. A section keeps its `file=created`.
  for (const section of [...ours].reverse()) {
    const marker = utf8ToText(formatMarker({ ...markerOf(spec), ...(section.marker!.createdFile ? { createdFile: true } : {}) }));
    editSection(lines, section, marker, values, eol);
  }
  const result = joinLines(lines);
  return result === text ? text : result;
}

function markerOf(spec: ManagedProfileSpec): ManagedMarker {
  return spec.roleArn ? { account: spec.account, roleArn: spec.roleArn } : { account: spec.account };
}

function editSection(lines: ConfigLine[], section: ConfigSection, marker: string, values: Record<string, string>, eol: string): void {
  const missing = new Set(Object.keys(values));
  let markerLine = section.markerLine!;
  lines[markerLine]!.text = marker;
  for (let i = section.blockEnd - 1; i > section.start; i--) {
    const key = lineKey(lines[i]!.text);
    if (key === undefined || !(key in values) || /^[ \t]/.test(lines[i]!.text)) continue;
    const end = continuationEnd(lines, i, section.blockEnd);
    const wanted = `${key} = ${utf8ToText(values[key]!)}`;
    // A multi-line value of one of our keys is ours to replace; its last line's ending is kept.
    const lastEol = lines[end - 1]!.eol;
    lines.splice(i, end - i, { text: wanted, eol: lastEol });
    if (i < markerLine) markerLine -= end - i - 1;
    missing.delete(key);
  }
  const added = [...missing].map((key) => `${key} = ${utf8ToText(values[key]!)}`);
  if (added.length) {
    const after = lines[markerLine]!;
    const lastEol = after.eol;
    after.eol ||= eol;
    const inserted = added.map((text) => ({ text, eol }));
    if (lastEol === '') inserted[inserted.length - 1]!.eol = '';
    lines.splice(markerLine + 1, 0, ...inserted);
  }
}

/**
 * Removes our sections whose entry matches; returns the new text, the removed profile names, and whether a
 * removed section was marked `file=created`.
 */
export function removeProfiles(text: string, match: (entry: ManagedProfileEntry) => boolean): { text: string; removed: string[]; createdFile: boolean } {
  const lines = splitLines(text);
  const sections = parseSections(lines).filter((s) => s.marker && isProfileSection(s));
  const removed: string[] = [];
  let createdFile = false;
  for (const section of [...sections].reverse()) {
    const entry = entryOf(lines, section, false);
    if (!match(entry)) continue;
    createdFile ||= section.marker!.createdFile === true;
    let start = section.start;
    if (start > 0 && lines[start - 1]!.text.trim() === '') start -= 1;
    const atEnd = section.blockEnd === lines.length;
    const lostFinalEol = atEnd && lines[lines.length - 1]!.eol === '';
    lines.splice(start, section.blockEnd - start);
    if (lostFinalEol && lines.length) lines[lines.length - 1]!.eol = '';
    if (!removed.includes(entry.name)) removed.unshift(entry.name);
  }
  return { text: removed.length ? joinLines(lines) : text, removed, createdFile };
}

export function listProfiles(text: string): ManagedProfileEntry[] {
  const lines = splitLines(text);
  const all = parseSections(lines).filter(isProfileSection);
  const counts = new Map<string, number>();
  for (const s of all) counts.set(s.header.name, (counts.get(s.header.name) ?? 0) + 1);
  const ours = all.filter((s) => s.marker);
  // A same-named header only the JS SDK reads (an indented one, `[profile.x]`) shadows ours there too.
  const jsOnly = (name: string) => foreignDefinitions(lines, text, name, all) > all.filter((s) => !s.marker && s.header.name === name).length;
  return ours.map((s) => entryOf(lines, s, (counts.get(s.header.name) ?? 0) > 1 || jsOnly(s.header.name)));
}

/**
 * True when the text is nothing but our sections marked `file=created` (and the blank lines between them):
 * a section added to it may carry the mark on, since the file still holds nothing a user wrote.
 */
export function onlyCreatedFileSections(text: string): boolean {
  const sections = parseSections(splitLines(text)).filter((s) => s.marker && isProfileSection(s));
  return sections.length > 0 && sections.every((s) => s.marker!.createdFile) && removeProfiles(text, () => true).text === '';
}

/** Names of every profile the file defines, ours or not (for clash checks and messages). */
export function allProfileNames(text: string): string[] {
  return [
    ...new Set(
      parseSections(splitLines(text))
        .filter(isProfileSection)
        .map((s) => textToUtf8(s.header.name)),
    ),
  ];
}

function entryOf(lines: readonly ConfigLine[], section: ConfigSection, duplicate: boolean): ManagedProfileEntry {
  const entry: ManagedProfileEntry = {
    name: textToUtf8(section.header.name),
    account: textToUtf8(section.marker!.account),
    duplicate,
  };
  if (section.marker!.roleArn) entry.roleArn = textToUtf8(section.marker!.roleArn);
  for (let i = section.start + 1; i < section.blockEnd; i++) {
    const text = lines[i]!.text;
    const key = /^[ \t]/.test(text) ? undefined : lineKey(text);
    if (key !== 'region' && key !== 'credential_process') continue;
    const value = textToUtf8(text.slice(text.search(/[=:]/) + 1).trim());
    if (key === 'region') entry.region = value;
    else entry.credentialProcess = value;
  }
  return entry;
}
