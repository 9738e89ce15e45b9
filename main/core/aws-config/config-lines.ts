/**
 * The config file as lines of bytes. Text is held as a latin1 string — one character per byte — so every
 * byte we do not edit (non-UTF-8 bytes, a BOM, odd whitespace) is written back exactly as it was read.
 * Each line keeps its own ending ('\r\n', '\n', a lone '\r', or '' for a last line without one).
 */
export interface ConfigLine {
  text: string;
  eol: string;
}

export const BOM = '\xEF\xBB\xBF';

export function bytesToText(bytes: Buffer): string {
  return bytes.toString('latin1');
}

export function textToBytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** Our own additions (paths, names) are UTF-8; this turns them into the byte-per-character form. */
export function utf8ToText(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

export function textToUtf8(value: string): string {
  return Buffer.from(value, 'latin1').toString('utf8');
}

export function splitLines(text: string): ConfigLine[] {
  const lines: ConfigLine[] = [];
  const pattern = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    lines.push({ text: text.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

export function joinLines(lines: readonly ConfigLine[]): string {
  let out = '';
  for (const line of lines) out += line.text + line.eol;
  return out;
}

/** The ending most lines already use, so lines we add look like the user's own (LF when there are none). */
export function dominantEol(lines: readonly ConfigLine[]): string {
  const counts = new Map<string, number>();
  for (const line of lines) if (line.eol) counts.set(line.eol, (counts.get(line.eol) ?? 0) + 1);
  let best = '\n';
  let bestCount = 0;
  for (const [eol, count] of counts) {
    if (count > bestCount) {
      best = eol;
      bestCount = count;
    }
  }
  return best;
}
