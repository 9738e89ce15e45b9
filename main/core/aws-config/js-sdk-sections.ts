import { BOM } from './config-lines.js';

/**
 * Where the AWS SDK for JavaScript v3 (its shared-ini-file-loader) sees a profile header. It reads the file
 * differently from botocore, so a name it reads is a clash even where the AWS CLI sees none:
 * - lines end at '\n' only (a lone '\r' does not end one), and every line is trimmed, so an indented
 *   `[profile x]` right under a key is a header to it, where configparser continues the key's value;
 * - a comment starts at ';' or '#' at the start or after whitespace, and the rest must be `[...]`;
 * - `[profile NAME]` and `[profile 'NAME']` / `[profile "NAME"]` with exactly one blank after `profile`;
 * - a section name it cannot split falls back to "prefix before the first dot": `[profile.x]` is profile x;
 * - `[default]` and `[profile default]` are both the default profile.
 * Measured against the SDK's own loader in the tests. Linear in the text's length.
 */
const PREFIXED = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;

export function jsSdkProfileName(line: string): string | undefined {
  const comment = line.search(/(^|\s)[;#]/);
  const trimmed = (comment === -1 ? line : line.slice(0, comment)).trim();
  if (trimmed[0] !== '[' || trimmed[trimmed.length - 1] !== ']') return undefined;
  const section = trimmed.slice(1, -1);
  const match = PREFIXED.exec(section);
  if (match) return match[1] === 'profile' ? match[3] : undefined;
  if (section === 'default') return 'default';
  const dot = section.indexOf('.');
  return dot !== -1 && section.slice(0, dot) === 'profile' ? section.slice(dot + 1) : undefined;
}

/**
 * The lines (as [start, end) offsets into `text`) the JS SDK reads as a header of the profile `name`. One of
 * its lines can span several of ours: it does not end a line at a lone '\r'.
 */
export function jsSdkHeaderLines(text: string, name: string): [number, number][] {
  const found: [number, number][] = [];
  // The SDK reads UTF-8 and trims U+FEFF off the first line; in our byte-per-character text that is 3 bytes.
  let offset = text.startsWith(BOM) ? BOM.length : 0;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end === -1) end = text.length;
    const line = text.slice(offset, end > offset && text[end - 1] === '\r' ? end - 1 : end);
    if (jsSdkProfileName(line) === name) found.push([offset === BOM.length && text.startsWith(BOM) ? 0 : offset, end]);
    offset = end + 1;
  }
  return found;
}
