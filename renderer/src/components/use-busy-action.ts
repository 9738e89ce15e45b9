import { useState } from 'react';

/**
 * One request at a time from a form: busy while it runs, the refusal kept for an ErrorNote. The self-service
 * screens all send their requests this way, so the rule (clear the old refusal, keep the new one) lives here.
 */
export function useBusyAction() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, act };
}
