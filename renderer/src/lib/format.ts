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

/** Local date and time; the year only when it is not this year, so the log's time column stays narrow. */
export function formatTime(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleString(undefined, {
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
