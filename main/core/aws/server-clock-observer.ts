import { offsetFromDateHeader } from './server-clock.js';

/**
 * Learns the server's clock from the `Date` header of every answer the broker's AWS SDK clients receive.
 *
 * The SDK keeps a `systemClockOffset` of its own, but only its SigV4 signer updates it, and the broker's
 * calls are unsigned (`smithy.api#noAuth`), so it stays 0: the broker reads the header itself.
 *
 * Two ways to read what was learned:
 * - `serverClockOffsetOf(output)`: the offset from the very answer that carried `output` (credentials are
 *   stored with the offset of the answer that issued them);
 * - `latestServerClockOffset()`: the latest offset this process saw from any answer (a token that just
 *   arrived is judged with it).
 */

interface Observation {
  offsetMs: number;
  /** This machine's ms since the epoch when it was learned. */
  at: number;
}

let latest: Observation | undefined;
const byOutput = new WeakMap<object, number>();

/** Record an offset learned from an answer (also for answers that are not SDK outputs, such as a fetch). */
export function recordServerClockOffset(offsetMs: number, at: number = Date.now()): void {
  latest = { offsetMs, at };
}

/** Record the offset a fetch `Response` (or anything with a `Date` header) tells; returns it. */
export function observeDateHeader(date: string | null | undefined, receivedAt: number = Date.now()): number | undefined {
  const offset = offsetFromDateHeader(date, receivedAt);
  if (offset !== undefined) recordServerClockOffset(offset, receivedAt);
  return offset;
}

/** The latest offset this process learned (server minus this machine, ms), or undefined before any answer. */
export function latestServerClockOffset(): number | undefined {
  return latest?.offsetMs;
}

/** The offset learned from the answer that produced this SDK command output, if it carried a `Date` header. */
export function serverClockOffsetOf(output: unknown): number | undefined {
  return typeof output === 'object' && output !== null ? byOutput.get(output) : undefined;
}

/** For tests: forget what was learned. */
export function forgetServerClock(): void {
  latest = undefined;
}

interface HeaderBag {
  headers?: Record<string, string | undefined>;
}

function dateOf(response: unknown): string | undefined {
  const headers = (response as HeaderBag | undefined)?.headers;
  if (!headers) return undefined;
  return headers.date ?? headers.Date;
}

type Next = (args: unknown) => Promise<{ response?: unknown; output?: unknown }>;

/** The part of an SDK client this needs: its middleware stack. */
export interface ClientWithMiddleware {
  middlewareStack: { add(middleware: unknown, options: { step: 'finalizeRequest'; name: string; override?: boolean }): void };
}

/**
 * Add the observer to an SDK client. It sits at the finalizeRequest step, above the deserializer, so it
 * sees both the raw answer (its headers) and the output object the caller will receive. Error answers
 * carry a `Date` too (`$response`): the clock is learned from them as well.
 */
export function observeServerClock<T extends ClientWithMiddleware>(client: T): T {
  const middleware = (next: Next) => async (args: unknown) => {
    let result: Awaited<ReturnType<Next>>;
    try {
      result = await next(args);
    } catch (error) {
      observeDateHeader(dateOf((error as { $response?: unknown } | undefined)?.$response));
      throw error;
    }
    const offset = observeDateHeader(dateOf(result.response));
    if (offset !== undefined && typeof result.output === 'object' && result.output !== null) byOutput.set(result.output, offset);
    return result;
  };
  client.middlewareStack.add(middleware, { step: 'finalizeRequest', name: 'cognitoBrokerServerClock', override: true });
  return client;
}
