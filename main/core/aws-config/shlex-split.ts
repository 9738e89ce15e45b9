/**
 * Python's `shlex.split(s)` (POSIX mode, no comments), the way botocore splits a section name such as
 * `profile 'dev'` into `['profile', 'dev']`. Ported rather than approximated because every spelling it accepts
 * names the same profile to the AWS CLI and boto3: quotes anywhere in a word (`de'v'`), backslash escapes,
 * runs of spaces and tabs. Returns undefined where Python raises ValueError (an unclosed quote or a trailing
 * backslash), which botocore treats as "not a profile". One pass over the input: linear in its length.
 * With `maxWords`, stops once it has found more words than that (the caller only needs to know there are too
 * many; a later unclosed quote would not change its answer).
 */
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

export function shlexSplit(input: string, maxWords = Infinity): string[] | undefined {
  const words: string[] = [];
  // A word's pieces, joined once when it ends: appending to a string piece by piece builds a deep chain of
  // cons strings that V8 is slow to flatten (a megabyte of `\:` took over a second).
  let word: string[] = [];
  let inWord = false;
  // Plain characters are copied in runs (slices), not one by one: a header can be a megabyte long.
  let run = -1;
  let i = 0;
  while (i < input.length) {
    const c = input.charCodeAt(i);
    if (c !== 0x5c && c !== 0x22 && c !== 0x27 && !isBlank(c)) {
      if (run === -1) run = i;
      inWord = true;
      i++;
      continue;
    }
    if (run !== -1) word.push(input.slice(run, i));
    run = -1;
    if (isBlank(c)) {
      if (inWord) words.push(word.join(''));
      if (words.length > maxWords) return words;
      word = [];
      inWord = false;
      while (i < input.length && isBlank(input.charCodeAt(i))) i++;
    } else if (c === 0x5c) {
      // Outside quotes a backslash takes the next character literally, whatever it is.
      if (i + 1 >= input.length) return undefined;
      word.push(input[i + 1]!);
      inWord = true;
      i += 2;
    } else {
      // Quotes: an empty pair still makes a word (`''`), hence inWord even when nothing is added.
      inWord = true;
      const close = c === 0x27 ? input.indexOf("'", i + 1) : closeDouble(input, i + 1);
      if (close === -1) return undefined;
      word.push(c === 0x27 ? input.slice(i + 1, close) : unescapeDouble(input.slice(i + 1, close)));
      i = close + 1;
    }
  }
  if (run !== -1) word.push(input.slice(run));
  if (inWord) words.push(word.join(''));
  return words;
}

/** Index of the '"' that closes a double-quoted part starting at `from` (a backslash escapes the next character). */
function closeDouble(input: string, from: number): number {
  for (let j = from; j < input.length; j++) {
    const c = input.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j;
  }
  return -1;
}

/** Inside double quotes a backslash escapes only '"' and '\\'; before anything else it stays. */
function unescapeDouble(part: string): string {
  return part.includes('\\') ? part.replace(/\\(["\\])/g, '$1') : part;
}
