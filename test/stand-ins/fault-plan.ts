import { AwsError } from './aws-error.js';

/**
 * Faults a test asks for: the next `times` calls of an operation (or '*' for any) fail with an AWS error
 * and/or answer after a delay, e.g. `{ operation: 'GetCredentialsForIdentity', error: { type:
 * 'TooManyRequestsException', message: 'Rate exceeded' } }`. The call is still counted.
 */
export interface Fault {
  operation: string;
  error?: { type: string; message: string; status?: number };
  delayMs?: number;
  /**
   * The call takes effect, then its answer waits this long: a client that dies or gives up meanwhile misses a
   * change the server already made (a refresh token rotated, a password changed).
   */
  delayAnswerMs?: number;
  /** How many calls it applies to (default 1); Infinity until cleared. */
  times?: number;
}

export class FaultPlan {
  private faults: (Fault & { left: number })[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * Applies the first fault that matches `operation`: waits, then throws its error if it has one. Resolves to
   * how long the server should hold its answer once the call has taken effect (`delayAnswerMs`, else 0).
   */
  async apply(operation: string): Promise<number> {
    const fault = this.faults.find((f) => f.left > 0 && (f.operation === operation || f.operation === '*'));
    if (!fault) return 0;
    fault.left -= 1;
    this.faults = this.faults.filter((f) => f.left > 0);
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.error) throw new AwsError(fault.error.type, fault.error.message, fault.error.status ?? 400);
    return fault.delayAnswerMs ?? 0;
  }
}
