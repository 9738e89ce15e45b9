import { expect } from 'vitest';
import { BrokerError } from '../../main/core/errors.js';

/** Awaits a promise that must reject with a BrokerError and returns that error, so a test can assert its code, sentence and hint. */
export async function rejection(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BrokerError);
  return error as BrokerError;
}
