/** One line of the local activity log, as stored and as shown (its message is checked for secrets first). */
export type ActivityKind = 'sign-in' | 'sign-in-failed' | 'sign-out' | 'refresh' | 'refresh-failed' | 'account' | 'profile';

export interface ActivityEntry {
  at: string;
  account?: string;
  kind: ActivityKind;
  message: string;
}
