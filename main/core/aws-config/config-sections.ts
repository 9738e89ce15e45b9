import { BOM, type ConfigLine } from './config-lines.js';
import { parseMarker, type ManagedMarker } from './managed-marker.js';

/** What a section header names, the way the AWS CLI reads it. */
export type SectionKind = 'default' | 'profile' | 'sso-session' | 'services' | 'other';

export interface SectionHeader {
  kind: SectionKind;
  /** Profile name for 'default' / 'profile', the section's own name otherwise. */
  name: string;
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
 * The header's name as Python's configparser (the AWS CLI's reader) extracts it: from the first '[' to the
 * last ']' on the line. Profile names: `[default]`, `[profile NAME]`; the CLI strips quotes around NAME.
 */
export function parseHeader(text: string): SectionHeader | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  const close = trimmed.lastIndexOf(']');
  if (close < 2) return undefined;
  const inner = trimmed.slice(1, close).trim();
  if (inner === 'default') return { kind: 'default', name: 'default' };
  const parts = /^(profile|sso-session|services)\s+(.+)$/.exec(inner);
  if (!parts) return { kind: 'other', name: inner };
  const name = parts[2]!.trim().replace(/^"(.*)"$/, '$1');
  return { kind: parts[1] as SectionKind, name };
}

/** The key of a `key = value` (or `key: value`) line, lower-cased as configparser does; undefined otherwise. */
export function lineKey(text: string): string | undefined {
  const match = /^[ \t]*([^=:\s][^=:]*?)[ \t]*[=:]/.exec(text);
  return match ? match[1]!.toLowerCase() : undefined;
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
