/**
 * Python's `shlex.split(s)` (POSIX mode, no comments), the way botocore splits a section name such as
 * `profile 'dev'` into `['profile', 'dev']`. Ported rather than approximated because every spelling it accepts
 * names the same profile to the AWS CLI and boto3: quotes anywhere in a word (`de'v'`), backslash escapes,
 * runs of spaces and tabs. Returns undefined where Python raises ValueError (an unclosed quote or a trailing
 * backslash), which botocore treats as "not a profile". One pass over the input: linear in its length.
 * With `maxWords`, stops once it has found more words than that (the caller only needs to know there are too
 * many; a later unclosed quote would not change its answer).
 */
const BACKSLASH = 0x5c;
const DOUBLE = 0x22;
const SINGLE = 0x27;

export function shlexSplit(input: string, maxWords = Infinity): string[] | undefined {
  // One loop over the UTF-16 code units, writing each word's characters into one preallocated buffer:
  // no string is built piece by piece (a header of a million tiny quoted pieces stays a few milliseconds).
  const out = new Uint16Array(input.length);
  const words: string[] = [];
  let length = 0;
  let inWord = false;
  let quote = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (quote === SINGLE) {
      if (c === SINGLE) quote = 0;
      else out[length++] = c;
    } else if (quote === DOUBLE) {
      if (c === DOUBLE) quote = 0;
      else if (c === BACKSLASH) {
        // Inside double quotes a backslash escapes only '"' and '\'; before anything else it stays.
        if (i + 1 >= input.length) return undefined;
        const next = input.charCodeAt(++i);
        if (next !== DOUBLE && next !== BACKSLASH) out[length++] = BACKSLASH;
        out[length++] = next;
      } else out[length++] = c;
    } else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      if (inWord) {
        words.push(decode(out, length));
        if (words.length > maxWords) return words;
      }
      length = 0;
      inWord = false;
    } else if (c === BACKSLASH) {
      // Outside quotes a backslash takes the next character literally, whatever it is.
      if (i + 1 >= input.length) return undefined;
      out[length++] = input.charCodeAt(++i);
      inWord = true;
    } else if (c === SINGLE || c === DOUBLE) {
      // An empty pair still makes a word (`''`), hence inWord even when nothing is added.
      quote = c;
      inWord = true;
    } else {
      out[length++] = c;
      inWord = true;
    }
  }
  if (quote !== 0) return undefined;
  if (inWord) words.push(decode(out, length));
  return words;
}

// UTF-16 code units back to a string, natively (a word can be a megabyte long). Typed arrays use the
// platform's byte order, little-endian on every platform the app runs on; a leading U+FEFF is kept.
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });

function decode(codes: Uint16Array, length: number): string {
  return UTF16.decode(codes.subarray(0, length));
}
