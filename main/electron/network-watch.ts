/**
 * Electron's main process has no "online" event, so the network is polled (cheaply: `net.isOnline()` reads
 * the OS's state, it sends nothing) and `onBack` runs when it returns, so the refresher retries at once
 * instead of waiting out its backoff.
 */
export interface NetworkWatchOptions {
  isOnline(): boolean;
  onBack(): void;
  intervalMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export function watchNetwork(options: NetworkWatchOptions): () => void {
  const every = options.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref());
  const clear = options.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout));
  let online = options.isOnline();
  const handle = every(() => {
    const now = options.isOnline();
    if (now && !online) options.onBack();
    online = now;
  }, options.intervalMs ?? 10_000);
  return () => clear(handle);
}
