import { useState, type FormEvent } from 'react';

/**
 * A one-time code typed into a form: refused until all 6 digits are there, then cleared from the field as it
 * is handed on (codes live only in their field). Sign-in steps, sign-up and TOTP enrolment share this rule.
 */
export function useCodeEntry(onCode: (code: string) => Promise<void>, shortMessage = 'Enter all 6 digits of the code.') {
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (code.length < 6) {
      setMissing(shortMessage);
      return;
    }
    setMissing(undefined);
    const typed = code;
    setCode('');
    await onCode(typed);
  }

  return { code, setCode, missing, submit };
}
