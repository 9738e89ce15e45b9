import type { Prompt, PromptKind, Prompter } from '../../../main/core/auth/prompter.js';

/** One recorded question: what was asked and, after a refused answer, why. */
export interface Asked {
  prompt: Prompt;
  retryReason?: string;
}

type Answer = string | ((prompt: Prompt) => string | Promise<string>);

/**
 * A prompter for tests of the real sign-in against the real backend: answers each prompt kind from a queue
 * (the last answer repeats) and records every question, so a test can assert what a person would have seen.
 */
export function scriptedPrompter(answers: Partial<Record<PromptKind, Answer[]>>): Prompter & { asked: Asked[]; infos: string[] } {
  const asked: Asked[] = [];
  const infos: string[] = [];
  const used = new Map<PromptKind, number>();
  return {
    asked,
    infos,
    async ask(prompt, retryReason) {
      asked.push(retryReason === undefined ? { prompt } : { prompt, retryReason });
      const queue = answers[prompt.kind];
      if (!queue || queue.length === 0) throw new Error(`unexpected prompt ${prompt.kind}`);
      const index = used.get(prompt.kind) ?? 0;
      used.set(prompt.kind, index + 1);
      const answer = queue[Math.min(index, queue.length - 1)] as Answer;
      return typeof answer === 'function' ? answer(prompt) : answer;
    },
    info(message) {
      infos.push(message);
    },
  };
}
