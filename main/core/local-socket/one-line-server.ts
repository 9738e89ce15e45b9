import { createServer, type Server, type Socket } from 'node:net';

export interface OneLineServerOptions {
  /** A client that has not finished its line by then is cut off (a slow or stuck client holds nothing). */
  requestTimeoutMs: number;
  /** A longer line without a newline is refused before it grows further. */
  maxRequestBytes: number;
  onTooLong(socket: Socket): void;
  /** The client's one line, without its newline; the handler answers on the socket and ends it. */
  onLine(socket: Socket, line: string): void;
}

export interface OneLineServer {
  server: Server;
  /** Open connections, so close() can end the ones still waiting. */
  sockets: Set<Socket>;
}

/**
 * The local sockets of the broker home (the hand-off and the credential socket) speak the same way: one
 * JSON line per connection from the client, answers from the server. This reads that one line and stops
 * reading, so each server only decides what the line means.
 */
export function createOneLineServer(options: OneLineServerOptions): OneLineServer {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(options.requestTimeoutMs, () => socket.destroy());
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline === -1) {
        if (buffer.length > options.maxRequestBytes) options.onTooLong(socket);
        return;
      }
      socket.off('data', onData);
      socket.setTimeout(0);
      options.onLine(socket, buffer.slice(0, newline));
    };
    socket.on('data', onData);
  });
  return { server, sockets };
}
