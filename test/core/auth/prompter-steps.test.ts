import { describe, expect, it } from 'vitest';
import { StepFlows } from '../../../main/core/auth/prompter-steps.js';
import { BrokerError } from '../../../main/core/errors.js';
import type { Prompter } from '../../../main/core/auth/prompter.js';

/** A small prompter-driven flow: password, then a code that is refused once, then done. */
async function demoFlow(prompter: Prompter): Promise<string> {
  const password = await prompter.ask({ kind: 'password', username: 'alice' });
  let code = await prompter.ask({ kind: 'totp-code' });
  if (code !== '222222') code = await prompter.ask({ kind: 'totp-code' }, 'That code is not right.');
  return `${password.length}:${code}`;
}

describe('StepFlows', () => {
  it('turns each ask into a step and resolves with done at the end', async () => {
    const flows = new StepFlows<string>();
    const first = await flows.start(demoFlow);
    expect(first.step).toEqual({ kind: 'password', username: 'alice' });
    const second = await flows.answer(first.flowId, 'pw');
    expect(second).toEqual({ flowId: first.flowId, step: { kind: 'totp-code' } });
    const third = await flows.answer(first.flowId, '111111');
    expect(third.retryReason).toBe('That code is not right.');
    const done = await flows.answer(first.flowId, '222222');
    expect(done.step).toEqual({ kind: 'done', result: '2:222222' });
    expect(flows.size).toBe(0);
  });

  it('runs flows independently', async () => {
    const flows = new StepFlows<string>();
    const a = await flows.start(demoFlow);
    const b = await flows.start(demoFlow);
    expect(a.flowId).not.toBe(b.flowId);
    await flows.answer(b.flowId, 'longer');
    expect((await flows.answer(a.flowId, 'x')).step.kind).toBe('totp-code');
    expect(flows.size).toBe(2);
  });

  it('reports a BrokerError as a failed step with its message and hint', async () => {
    const flows = new StepFlows<string>();
    const first = await flows.start(async (p) => {
      await p.ask({ kind: 'totp-code' });
      throw new BrokerError('code-expired', 'That code has expired.', { hint: 'Start again.' });
    });
    expect(await flows.answer(first.flowId, '1')).toEqual({
      flowId: first.flowId,
      step: { kind: 'failed', code: 'code-expired', message: 'That code has expired.', hint: 'Start again.' },
    });
  });

  it('never passes on the text of an unexpected error (it could hold a secret)', async () => {
    const flows = new StepFlows<string>();
    const progress = await flows.start(async () => {
      throw new Error('token eyJhbGciOi leaked');
    });
    expect(progress.step.kind).toBe('failed');
    expect(JSON.stringify(progress)).not.toContain('eyJ');
  });

  it('cancel rejects the waiting ask with BrokerError(cancelled) and ends the flow', async () => {
    const flows = new StepFlows<string>();
    let seen: unknown;
    const first = await flows.start(async (p) => {
      try {
        return await p.ask({ kind: 'totp-code' });
      } catch (error) {
        seen = error;
        throw error;
      }
    });
    flows.cancel(first.flowId);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toBeInstanceOf(BrokerError);
    expect((seen as BrokerError).code).toBe('cancelled');
    await expect(flows.answer(first.flowId, '1')).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(flows.size).toBe(0);
  });

  it('refuses a second answer while the first is still being worked on', async () => {
    const flows = new StepFlows<string>();
    let release!: () => void;
    const first = await flows.start(async (p) => {
      await p.ask({ kind: 'totp-code' });
      await new Promise<void>((r) => (release = r));
      return 'ok';
    });
    const pending = flows.answer(first.flowId, '1');
    await expect(flows.answer(first.flowId, '2')).rejects.toMatchObject({ code: 'invalid-argument' });
    release();
    expect((await pending).step).toEqual({ kind: 'done', result: 'ok' });
  });

  it('times out an abandoned flow: the ask fails with cancelled and the id is gone', async () => {
    const flows = new StepFlows<string>({ timeoutMs: 30 });
    let seen: unknown;
    const first = await flows.start(async (p) => p.ask({ kind: 'totp-code' }).catch((e: unknown) => ((seen = e), Promise.reject(e))));
    await new Promise((r) => setTimeout(r, 80));
    expect((seen as BrokerError).code).toBe('cancelled');
    expect(flows.size).toBe(0);
    await expect(flows.answer(first.flowId, '1')).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('a flow that finishes without asking resolves start with done', async () => {
    const flows = new StepFlows<number>();
    expect((await flows.start(async () => 42)).step).toEqual({ kind: 'done', result: 42 });
  });
});
