// A local HTTP server (127.0.0.1, random port) serving fixture bytes, with Range support and scripted faults.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export type Fault = 'ok' | '403' | '404' | '503' | 'truncate' | 'ignore-range';

export interface SeenRequest {
  path: string;
  range: string | undefined;
  status: number;
}

export interface FixtureServer {
  url: string;
  /** Bytes served at a path (pathname + search). */
  files: Map<string, Buffer>;
  /** Faults to apply to the next requests of a path, consumed one per request; then 'ok'. */
  faults: Map<string, Fault[]>;
  /** A fault applied to every request of a path once the scripted ones are used up. */
  always: Map<string, Fault>;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(): Promise<FixtureServer> {
  const files = new Map<string, Buffer>();
  const faults = new Map<string, Fault[]>();
  const always = new Map<string, Fault>();
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const p = req.url ?? '/';
    const range = req.headers['range'];
    const fault = faults.get(p)?.shift() ?? always.get(p) ?? 'ok';
    const body = files.get(p);
    const record = (status: number) => seen.push({ path: p, range, status });
    if (!body || fault === '404') {
      record(404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (fault === '403') {
      record(403);
      res.writeHead(403, { 'content-type': 'text/html' }).end('<html><body>Access Denied</body></html>');
      return;
    }
    if (fault === '503') {
      record(503);
      res.writeHead(503).end('busy');
      return;
    }
    let start = 0;
    let status = 200;
    const headers: Record<string, string | number> = {
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
    };
    const m = typeof range === 'string' ? /^bytes=(\d+)-$/.exec(range) : null;
    if (m && fault !== 'ignore-range') {
      start = Number(m[1]);
      if (start >= body.length) {
        record(416);
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    const slice = body.subarray(start);
    headers['content-length'] = slice.length;
    record(status);
    res.writeHead(status, headers);
    if (fault === 'truncate') {
      // Send about half of what Content-Length promised, then drop the connection.
      res.write(slice.subarray(0, Math.max(1, Math.floor(slice.length / 2))), () => {
        setTimeout(() => req.socket.destroy(), 10);
      });
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    faults,
    always,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function tempDir(prefix = 'tariff-sources-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
