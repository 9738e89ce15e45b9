/**
 * Small formatting helpers shared by the human-readable outputs of the commands (the `--json` outputs
 * are plain JSON.stringify of view objects).
 */

/** Fixed-width columns, header first; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `label: value` lines with the values aligned; undefined values are left out. */
export function fields(entries: [string, string | undefined][]): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  const width = Math.max(0, ...present.map(([k]) => k.length + 1));
  return present.map(([k, v]) => `${`${k}:`.padEnd(width)}  ${v}`).join('\n') + '\n';
}

/** "in 42 minutes", "3 hours ago": how far an instant is from `now`, in the largest sensible unit. */
export function relativeTime(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return 'unknown';
  const abs = Math.abs(ms);
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  let phrase = 'less than a minute';
  for (const [size, name] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      phrase = `${n} ${name}${n === 1 ? '' : 's'}`;
      break;
    }
  }
  if (abs < 60_000) return ms >= 0 ? 'in less than a minute' : 'less than a minute ago';
  return ms >= 0 ? `in ${phrase}` : `${phrase} ago`;
}

/** "2026-11-21 07:45 UTC (in 42 minutes)": absolute and relative, so both a person and a log reader can use it. */
export function humanTime(iso: string | undefined, now = Date.now()): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  const stamp = d
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, ' UTC');
  return `${stamp} (${relativeTime(iso, now)})`;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
