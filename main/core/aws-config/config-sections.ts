import { BOM, type ConfigLine } from './config-lines.js';
import { parseMarker, type ManagedMarker } from './managed-marker.js';
import { shlexSplit } from './shlex-split.js';

/** What a section header names, the way the AWS CLI reads it. */
export type SectionKind = 'default' | 'profile' | 'sso-session' | 'services' | 'other';

export interface SectionHeader {
  kind: SectionKind;
  /** Profile name for 'default' / 'profile', the section's own name otherwise. */
  name: string;
  /** The section name exactly as configparser extracts it (what a credentials-file section is called). */
  raw: string;
}

export interface ConfigSection {
  header: SectionHeader;
  /** Index of the header line. */
  start: number;
  /** Index of the next header line (or the line count). */
  end: number;
  /** Present when the section is one of ours. */
  marker?: ManagedMarker;
  markerLine?: number;
  /**
   * For our sections: one past the last line that belongs to us — the header, the marker and every key line
   * with its continuation lines. Blank lines and comments trailing the section are left to whatever follows.
   */
  blockEnd: number;
}

const INDENT = /^[ \t]*/;

function isCommentOrBlank(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';');
}

/**
 * The header the way the AWS CLI and boto3 read it. configparser takes the section name from the first '[' to
 * the last ']' of the stripped line, without trimming it: `[ default]` is not the default profile. botocore
 * then calls every section whose name starts with "profile" and splits (shlex) into exactly two words a
 * profile named by the second word, without checking the first: `[profile 'dev']`, `[profile  "dev" ]`,
 * `[profile de'v']` and even `[profiles dev]` all define the profile "dev" (measured with the AWS CLI v2 and
 * boto3; see the tests). `[default]` and `[profile default]` both define "default".
 */
export function parseHeader(text: string): SectionHeader | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  const close = trimmed.lastIndexOf(']');
  if (close < 2) return undefined;
  const raw = trimmed.slice(1, close);
  if (raw === 'default') return { kind: 'default', name: 'default', raw };
  for (const kind of ['profile', 'sso-session', 'services'] as const) {
    if (!raw.startsWith(kind)) continue;
    // Only "exactly two words" matters: stop at the third (a long header must not cost a word per blank).
    const words = shlexSplit(raw, 2);
    return words?.length === 2 ? { kind, name: words[1]!, raw } : { kind: 'other', name: raw, raw };
  }
  return { kind: 'other', name: raw, raw };
}

/**
 * The key of a `key = value` (or `key: value`) line, lower-cased as configparser does; undefined otherwise.
 * A scan rather than a regular expression: the lazy pattern this replaces backtracked over runs of spaces,
 * quadratic on a long line (a 100 KB line took seconds, synchronously).
 */
export function lineKey(text: string): string | undefined {
  const start = INDENT.exec(text)![0].length;
  if (start >= text.length || /[=:\s]/.test(text[start]!)) return undefined;
  const eq = text.indexOf('=', start);
  const colon = text.indexOf(':', start);
  const sep = eq === -1 ? colon : colon === -1 ? eq : Math.min(eq, colon);
  if (sep === -1) return undefined;
  let end = sep;
  while (end > start + 1 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(start, end).toLowerCase();
}

/**
 * Finds the sections. A line is a header only where configparser would take it as one: an indented line
 * right after a key (an `s3 =` sub-section, a multi-line value) continues that value instead.
 */
export function parseSections(lines: readonly ConfigLine[]): ConfigSection[] {
  const sections: ConfigSection[] = [];
  let optionIndent: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = i === 0 && lines[0]!.text.startsWith(BOM) ? lines[0]!.text.slice(BOM.length) : lines[i]!.text;
    if (isCommentOrBlank(raw)) continue;
    const indent = INDENT.exec(raw)![0].length;
    if (optionIndent !== undefined && indent > optionIndent) continue;
    const header = parseHeader(raw);
    if (header) {
      if (sections.length) sections[sections.length - 1]!.end = i;
      sections.push({ header, start: i, end: lines.length, blockEnd: i + 1 });
      optionIndent = undefined;
      continue;
    }
    optionIndent = lineKey(raw) !== undefined ? indent : undefined;
  }
  for (const section of sections) {
    for (let i = section.start + 1; i < section.end; i++) {
      const text = lines[i]!.text;
      const marker = section.marker ? undefined : parseMarker(text);
      if (marker) {
        section.marker = marker;
        section.markerLine = i;
        section.blockEnd = i + 1;
      } else if (!isCommentOrBlank(text)) {
        section.blockEnd = i + 1;
      }
    }
  }
  return sections;
}

export function isProfileSection(section: ConfigSection): boolean {
  return section.header.kind === 'default' || section.header.kind === 'profile';
}

/** Continuation lines of the key on line `i`: following lines indented deeper, or blank lines between them. */
export function continuationEnd(lines: readonly ConfigLine[], i: number, limit: number): number {
  const indent = INDENT.exec(lines[i]!.text)![0].length;
  let end = i + 1;
  for (let j = i + 1; j < limit; j++) {
    const text = lines[j]!.text;
    if (text.trim() === '') continue;
    if (INDENT.exec(text)![0].length > indent && !text.trim().startsWith('#') && !text.trim().startsWith(';')) end = j + 1;
    else break;
  }
  return end;
}
