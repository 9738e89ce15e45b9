/**
 * A record the broker keeps in the keychain (session, identity, cached credentials, device) is the JSON of an
 * object. Reading one never throws: nothing, malformed JSON or anything but an object reads as "no record", so
 * the caller takes its slow path and writes a good one. Imports nothing: the credential-process keychain path
 * loads it.
 */
export function parseStoredObject(text: string | null): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
