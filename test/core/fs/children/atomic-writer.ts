import { writeFileAtomic } from '../../../../main/core/fs/atomic-write.js';

/**
 * Writes `path` over and over, alternating two large contents, until it is killed. Prints "ready" once the
 * first write is done so the parent kills during steady-state writing.
 */
const [path, sizeText] = process.argv.slice(2) as [string, string];
const size = Number(sizeText);
const contents = [Buffer.alloc(size, 'A'), Buffer.alloc(size, 'B')];
let i = 0;
void (async () => {
  for (;;) {
    await writeFileAtomic(path, contents[i++ % 2]!);
    if (i === 1) process.stdout.write('ready\n');
  }
})();
