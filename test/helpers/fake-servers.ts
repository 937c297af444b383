// Small servers of the test's own on 127.0.0.1: one that records every request and answers
// from a handler (a registry double for redirects and realms on other hosts), and one that
// accepts connections and never answers (a timeout).
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { RecordedRequest } from './token-server.js';

/** Listens on a free port of 127.0.0.1 and says which. */
async function listenLocal(server: NetServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const a = server.address();
  if (a === null || typeof a === 'string') throw new Error('no address');
  return a.port;
}

export interface Recorder {
  port: number;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

export async function startRecorder(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = createHttpServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    handle(req, res);
  });
  return {
    port: await listenLocal(server),
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Silent {
  port: number;
  connections(): number;
  stop(): Promise<void>;
}

/** Accepts TCP connections and says nothing. */
export async function startSilent(): Promise<Silent> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createNetServer((s) => {
    count++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  return {
    port: await listenLocal(server),
    connections: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
