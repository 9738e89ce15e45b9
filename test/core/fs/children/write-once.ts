import { writeFileAtomic } from '../../../../main/core/fs/atomic-write.js';
import type { BrokerError } from '../../../../main/core/errors.js';

/** Writes argv[3] to argv[2] once and reports the outcome as one JSON line (used under another uid). */
const [path, data] = process.argv.slice(2) as [string, string];
writeFileAtomic(path, data).then(
  () => process.stdout.write(`${JSON.stringify({ ok: true })}\n`),
  (error: unknown) => {
    const e = error as BrokerError;
    process.stdout.write(`${JSON.stringify({ ok: false, code: e.code, message: e.message, hint: e.hint })}\n`);
  },
);
