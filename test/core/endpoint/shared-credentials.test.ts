import { describe, expect, it } from 'vitest';
import type { AwsCredentials } from '../../../main/core/credentials/aws-credentials.js';
import { sharedCredentials } from '../../../main/core/endpoint/shared-credentials.js';

describe('sharedCredentials', () => {
  it('asks the source once for requests of one (account, role) made while it answers, and again afterwards', async () => {
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const source = sharedCredentials(async (account, roleArn) => {
      const n = calls.push(`${account}:${roleArn ?? ''}`);
      await gate;
      return { accessKeyId: `${account}-${n}` } as AwsCredentials;
    });
    const burst = Array.from({ length: 64 }, () => source('dev', undefined));
    const other = source('dev', 'arn:aws:iam::123456789012:role/Ops');
    release();
    const answers = await Promise.all(burst);
    expect(new Set(answers.map((a) => a.accessKeyId))).toEqual(new Set(['dev-1']));
    await other;
    expect(calls).toEqual(['dev:', 'dev:arn:aws:iam::123456789012:role/Ops']);
    await source('dev', undefined);
    expect(calls).toHaveLength(3);
  });

  it('passes a failure to every request that shared it, and the next request tries again', async () => {
    let n = 0;
    const source = sharedCredentials(() => {
      n++;
      return Promise.reject(new Error('down'));
    });
    const results = await Promise.allSettled([source('dev', undefined), source('dev', undefined)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(n).toBe(1);
    await source('dev', undefined).catch(() => undefined);
    expect(n).toBe(2);
  });
});
