import { useId, useRef, useState } from 'react';
import { useApi } from '../api/api-context.js';
import { ErrorNote } from '../components/error-note.js';

/** "Import from file": the window reads the administrator's JSON file and the core validates and adds it. */
export function ImportAccounts({ onImported }: { onImported: (names: string[]) => void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();

  async function onFile(file: File | undefined) {
    if (!file) return;
    setError(undefined);
    setDone(undefined);
    try {
      const added = await api.importAccounts(await file.text());
      const names = added.map((a) => a.name);
      setDone(names.length ? `Imported ${names.join(', ')}.` : 'The file held no new accounts.');
      onImported(names);
    } catch (e) {
      setError(e);
    } finally {
      if (input.current) input.current.value = '';
    }
  }

  return (
    <div className="import">
      <label htmlFor={id} className="button-like">
        Import from file…
      </label>
      <input
        ref={input}
        id={id}
        className="visually-hidden-file"
        type="file"
        accept="application/json,.json"
        onChange={(e) => void onFile(e.currentTarget.files?.[0])}
      />
      {done ? <p role="status">{done}</p> : null}
      <ErrorNote error={error} />
    </div>
  );
}
