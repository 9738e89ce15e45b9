/**
 * A Unix-socket connection for credential-process's hot path that does not load node:net. Loading node:net
 * and creating the first net.Socket (stream machinery, compiled on first use) costs several milliseconds,
 * a large share of a call that is meant to cost little more than Node's own start; the libuv pipe handle
 * that net.Socket wraps does the same work for a fraction of that. That handle is reached through
 * process.binding, an interface Node keeps for compatibility but does not document, so everything here is
 * checked as it is used: undefined means "not available on this Node", and the caller then uses node:net.
 */

export interface LineConnection {
  close(): void;
}

export interface LineEvents {
  data(chunk: Buffer): void;
  /** The connection failed or ended (an error or the server closing it). */
  end(): void;
}

interface PipeHandle {
  connect(req: object, path: string): number;
  writeUtf8String(req: object, text: string): number;
  readStart(): number;
  close(): void;
  onread: (buffer: ArrayBuffer | undefined) => void;
}

interface PipeBinding {
  Pipe: new (type: number) => PipeHandle;
  PipeConnectWrap: new () => { oncomplete?: (status: number) => void };
  constants: { SOCKET: number };
}

interface StreamBinding {
  WriteWrap: new () => { handle?: PipeHandle; oncomplete?: () => void; async?: boolean };
  streamBaseState: Int32Array;
  kReadBytesOrError: number;
  kArrayBufferOffset: number;
}

/** Connects, writes `payload`, then reports what arrives; undefined when this Node offers no pipe handle. */
export function openRawPipeLine(path: string, payload: string, events: LineEvents): LineConnection | undefined {
  const bindings = rawBindings();
  if (!bindings) return undefined;
  const { pipe, stream } = bindings;
  let handle: PipeHandle;
  try {
    handle = new pipe.Pipe(pipe.constants.SOCKET);
  } catch {
    return undefined;
  }
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    // A function, never undefined: the handle's native setter aborts the process on anything else.
    handle.onread = () => undefined;
    handle.close();
  };
  const fail = () => {
    close();
    events.end();
  };
  const afterConnect = (status: number) => {
    if (!open) return;
    if (status < 0) return fail();
    handle.onread = (buffer) => {
      if (!open) return;
      const bytes = stream.streamBaseState[stream.kReadBytesOrError] ?? -1;
      // Negative: end of stream or an error; either way the answer is not coming.
      if (bytes < 0 || buffer === undefined) return fail();
      events.data(Buffer.from(buffer, stream.streamBaseState[stream.kArrayBufferOffset] ?? 0, bytes));
    };
    const write = new stream.WriteWrap();
    write.handle = handle;
    write.async = false;
    write.oncomplete = () => undefined;
    if (handle.writeUtf8String(write, payload) < 0 || handle.readStart() < 0) fail();
  };
  try {
    const request = new pipe.PipeConnectWrap();
    request.oncomplete = afterConnect;
    const error = handle.connect(request, path);
    if (error < 0) {
      close();
      // Reported on a later tick, as a refused net connection would be.
      setImmediate(() => events.end());
    }
  } catch {
    close();
    return undefined;
  }
  return { close };
}

function rawBindings(): { pipe: PipeBinding; stream: StreamBinding } | undefined {
  // With --pending-deprecation, process.binding prints a warning: stay silent and use node:net instead.
  if (process.execArgv.includes('--pending-deprecation') || (process.env.NODE_OPTIONS ?? '').includes('--pending-deprecation')) return undefined;
  if (process.env.NODE_PENDING_DEPRECATION === '1') return undefined;
  try {
    const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
    if (typeof binding !== 'function') return undefined;
    const pipe = binding('pipe_wrap') as Partial<PipeBinding>;
    const stream = binding('stream_wrap') as Partial<StreamBinding>;
    if (typeof pipe.Pipe !== 'function' || typeof pipe.PipeConnectWrap !== 'function' || typeof pipe.constants?.SOCKET !== 'number') return undefined;
    if (typeof stream.WriteWrap !== 'function' || !(stream.streamBaseState instanceof Int32Array)) return undefined;
    if (typeof stream.kReadBytesOrError !== 'number' || typeof stream.kArrayBufferOffset !== 'number') return undefined;
    return { pipe: pipe as PipeBinding, stream: stream as StreamBinding };
  } catch {
    return undefined;
  }
}
