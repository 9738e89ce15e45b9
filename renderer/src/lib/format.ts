/** "12 min 04 s", "3 h 20 min", "5 d 2 h"; "expired" once the time has passed. */
export function formatRemaining(untilIso: string | undefined, now: number): string | undefined {
  if (!untilIso) return undefined;
  const until = Date.parse(untilIso);
  if (Number.isNaN(until)) return undefined;
  const seconds = Math.floor((until - now) / 1000);
  if (seconds <= 0) return 'expired';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** The readable part of a role ARN: `arn:aws:iam::123:role/path/Admin` → `Admin`. */
export function roleName(arn: string): string {
  const afterRole = arn.split(':role/')[1] ?? arn;
  return afterRole.split('/').pop() || arn;
}

/** The account id inside a role ARN, shown next to the role name so two same-named roles stay distinct. */
export function roleAccount(arn: string): string | undefined {
  return /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1];
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
