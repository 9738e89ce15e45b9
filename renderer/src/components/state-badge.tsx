import type { SessionState } from '../../../main/contract/app-api.js';

const LABELS: Record<SessionState, string> = {
  'signed-in': 'Signed in',
  expired: 'Expired',
  'needs-sign-in': 'Needs sign-in',
};

/** The session state in words and in colour (the word carries the meaning; the colour only repeats it). */
export function StateBadge({ state }: { state: SessionState }) {
  return <span className={`badge badge-${state}`}>{LABELS[state]}</span>;
}
