import { ActivityLog } from '../../core/activity/activity-log.js';
import type { ActivityEntry } from '../../contract/app-api.js';
import { isBrokerError } from '../../core/errors.js';
import type { CliIo } from '../command.js';

/**
 * The command line writes the same activity log as the app (activity.jsonl in the broker home), so the
 * window's Activity shows sign-ins, renewals, failures and sign-outs from either. The log is advisory: a
 * failure to write it never fails the command. Messages carry names and error sentences only, never a
 * secret (the log withholds anything that looks like one as a second line of defence).
 */
export async function recordCliActivity(io: Pick<CliIo, 'home'>, entry: Omit<ActivityEntry, 'at'>): Promise<void> {
  await new ActivityLog(io.home).record({ ...entry, message: `${entry.message} (command line)` }).catch(() => undefined);
}

/** An error in words fit for the log: our own sentence, or only the kind of a foreign error. */
export function activityReason(error: unknown): string {
  return isBrokerError(error) ? error.message : 'an unexpected error';
}
