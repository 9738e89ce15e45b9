/** Temporary AWS credentials as the broker keeps and hands them out. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO-8601 UTC. */
  expiration: string;
  roleArn: string;
  identityId: string;
  /**
   * Server time minus this machine's time (ms) when these credentials were issued, from the `Date` of the
   * answer that carried them: their remaining time is judged by the server's clock (server-clock.ts).
   * Absent when this clock was right (within server-clock.ts CLOCK_NOISE_MS), when the answer had no `Date`,
   * and in caches written before it was kept: all judged by this clock.
   */
  clockOffsetMs?: number;
}

/** botocore's advisory refresh window: never hand out credentials with less than this left. */
export const REFRESH_WINDOW_MS = 15 * 60 * 1000;

/** The credential_process Version 1 document. */
export function toProcessOutput(c: AwsCredentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: c.expiration,
  });
}
