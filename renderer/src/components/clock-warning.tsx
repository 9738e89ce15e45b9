import type { SessionView } from '../../../main/contract/app-api.js';

/**
 * Says that this computer's clock is off against AWS's, and what to do: the core measured it at the last
 * sign-in or refresh and wrote the sentence (SessionView.clock.warning). Credentials stay correct either
 * way (the broker judges expiry by AWS's clock), but the AWS CLI and SDKs on this computer sign requests
 * with this clock, and AWS refuses requests more than five minutes off.
 */
export function ClockWarning({ clock }: { clock: SessionView['clock'] }) {
  if (!clock?.warning) return null;
  return (
    <div className="note note-warn" role="note">
      <p className="note-message">{clock.warning}</p>
    </div>
  );
}
