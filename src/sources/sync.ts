// `tariff sync`: fetch the official files of a catalog into a sources directory, resumably and atomically,
// then write the directory's manifest.json. Only files that are missing or differ are fetched.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import { MANIFEST_FILE, parseManifest, sha256File, writeFileAtomic } from './manifest.js';
import type { Catalog, CatalogEntry, Manifest, ManifestEntry } from './types.js';

export type SyncEvent =
  | { type: 'skip'; path: string }
  | { type: 'start'; path: string; url: string; attempt: number; resumeFrom: number }
  | { type: 'retry'; path: string; attempt: number; reason: string; delayMs: number }
  | { type: 'done'; path: string; bytes: number }
  | { type: 'fail'; path: string; reason: string };

export interface SyncOptions {
  /** The sources directory to fill (created if missing). */
  dest: string;
  /** What to fetch: the shipped catalog, or a manifest. */
  manifestOrCatalog: Manifest | Catalog;
  fetch?: typeof fetch;
  /** Replaces scheme and host of every origin URL (a mirror, or a local server in tests), e.g. 'http://127.0.0.1:8080/m'. */
  mirror?: string;
  /** Retries after the first attempt for network errors, 5xx and truncated bodies (default 4). */
  retries?: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  backoffMs?: number;
  /** Files fetched at once (default 4). */
  concurrency?: number;
  /** Limit of one request, headers and body (default 10 minutes). */
  timeoutMs?: number;
  onProgress?: (event: SyncEvent) => void;
  /** The pdftotext command (default 'pdftotext'). */
  pdftotext?: string;
  /**
   * Install the text made by pdftotext even when it differs from the catalog's sha256 (another poppler
   * version lays text out slightly differently); the manifest then records the actual sha256. Default false.
   */
  acceptConverted?: boolean;
  /** Only the entries for which this returns true (default all). */
  filter?: (entry: CatalogEntry) => boolean;
  now?: () => Date;
}

export interface SyncSummary {
  dest: string;
  fetched: string[];
  skipped: string[];
  failed: { path: string; reason: string }[];
  /** Path of the manifest written. */
  manifest: string;
}

/** A failure to fetch one file; `permanent` failures are not retried. */
export class FetchError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'FetchError';
    this.permanent = permanent;
  }
}

/** The URL to fetch `origin` from: the origin itself, or the same path and query on `mirror`. */
export function mirrorUrl(origin: string, mirror?: string): string {
  if (!mirror) return origin;
  const u = new URL(origin);
  return mirror.replace(/\/+$/, '') + u.pathname + u.search;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    const st = await stat(file);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

async function gunzipSha256(file: string): Promise<string | undefined> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file).pipe(createGunzip())) h.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return h.digest('hex');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function tmpName(file: string): string {
  return `${file}.tmp-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
}

/** What the downloaded bytes must hash to, if known. */
function expectedDownload(e: CatalogEntry): { sha256?: string; bytes?: number } {
  if (e.convert === 'gzip') return { sha256: e.contentSha256, bytes: e.contentBytes };
  if (e.convert === 'pdftotext-layout') return {}; // the PDF's own hash is not catalogued; the text is checked
  return { sha256: e.sha256, bytes: e.bytes };
}

/** Downloads `url` into `part`, resuming from its current size with a Range request. */
async function downloadOnce(
  fetchFn: typeof fetch,
  url: string,
  part: string,
  timeoutMs: number,
  onStart: (resumeFrom: number) => void,
): Promise<{ bytes: number; resumed: boolean; lengthKnown: boolean }> {
  const have = (await sizeOf(part)) ?? 0;
  onStart(have);
  const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'tariff-sync' };
  if (have > 0) headers['range'] = `bytes=${have}-`;
  let res: Response;
  try {
    res = await fetchFn(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new FetchError(`network error: ${(e as Error).message}`, false);
  }
  const status = res.status;
  if (status === 416) {
    await res.body?.cancel().catch(() => undefined);
    await unlink(part).catch(() => undefined);
    throw new FetchError('HTTP 416 (range not satisfiable): partial file discarded', false);
  }
  if (status === 404 || status === 410) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`HTTP ${status}: not found at ${url}`, true);
  }
  if (status >= 500 || status === 408 || status === 429) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`HTTP ${status} from ${url}`, false);
  }
  if (status !== 200 && status !== 206) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`HTTP ${status} from ${url}`, true);
  }
  let offset = 0;
  let total: number | undefined;
  if (status === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
    if (!m || Number(m[1]) !== have) {
      await res.body?.cancel().catch(() => undefined);
      await unlink(part).catch(() => undefined);
      throw new FetchError(`bad Content-Range for resume at ${have}: ${res.headers.get('content-range')}`, false);
    }
    offset = have;
    if (m[3] !== '*') total = Number(m[3]);
  }
  const len = res.headers.get('content-length');
  if (len !== null && /^\d+$/.test(len)) {
    const t = offset + Number(len);
    if (total !== undefined && t !== total) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchError(`Content-Length ${len} disagrees with Content-Range total ${total}`, false);
    }
    total = t;
  }
  await mkdir(path.dirname(part), { recursive: true });
  const fh = await open(part, offset > 0 ? 'a' : 'w');
  let written = 0;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        await fh.write(chunk);
        written += chunk.length;
      }
    }
  } catch (e) {
    // The bytes received so far stay in the .part file; the next attempt resumes after them.
    throw new FetchError(`transfer interrupted after ${offset + written} bytes: ${(e as Error).message}`, false);
  } finally {
    await fh.close();
  }
  const size = offset + written;
  if (total !== undefined && size !== total) {
    if (size > total) await unlink(part).catch(() => undefined);
    throw new FetchError(`truncated: received ${size} of ${total} bytes`, false);
  }
  return { bytes: size, resumed: offset > 0, lengthKnown: total !== undefined };
}

function runPdftotext(cmd: string, pdf: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    const child = spawn(cmd, ['-layout', pdf, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new FetchError(
          e.code === 'ENOENT'
            ? `${cmd} not found: it converts the PDF to text; install the Debian/Ubuntu package poppler-utils ` +
                '(apt-get install poppler-utils)'
            : `${cmd} failed: ${e.message}`,
          true,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new FetchError(`${cmd} exited with ${code}: ${err.trim()}`, true)),
    );
  });
}

/**
 * Converts PDF bytes to layout text at `final` (atomically): the change records and notes the USITC serves as PDF.
 * Returns the text's size and sha256.
 */
export async function convertPdf(
  cmd: string,
  pdf: Uint8Array,
  final: string,
): Promise<{ bytes: number; sha256: string }> {
  await mkdir(path.dirname(final), { recursive: true });
  const src = tmpName(final);
  const out = tmpName(final);
  try {
    await writeFile(src, pdf);
    await runPdftotext(cmd, src, out);
    const bytes = (await stat(out)).size;
    const sha256 = await sha256File(out);
    await rename(out, final);
    return { bytes, sha256 };
  } finally {
    await unlink(src).catch(() => undefined);
    await unlink(out).catch(() => undefined);
  }
}

/** Adds (or replaces, by path) entries in the manifest of `dest`, atomically. */
export async function addToManifest(dest: string, entries: ManifestEntry[], now: () => Date = () => new Date()) {
  const file = path.join(dest, MANIFEST_FILE);
  const prior = await readPriorManifest(dest);
  const byPath = new Map((prior?.files ?? []).map((f) => [f.path, f]));
  for (const e of entries) byPath.set(e.path, e);
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = { version: 1, generated: now().toISOString(), files };
  await writeFileAtomic(file, JSON.stringify(manifest, null, 2) + '\n');
}

interface Installed {
  entry: ManifestEntry;
}

/** Is the file under its final name already what the entry describes? */
async function isCurrent(
  dest: string,
  e: CatalogEntry,
  prior: ManifestEntry | undefined,
): Promise<ManifestEntry | undefined> {
  const file = path.join(dest, e.path);
  const size = await sizeOf(file);
  if (size === undefined) return undefined;
  if (size === e.bytes || (prior && size === prior.bytes)) {
    const sha = await sha256File(file);
    if (sha === e.sha256 && size === e.bytes)
      return { ...e, ...(prior?.retrieved ? { retrieved: prior.retrieved } : {}) };
    // A file we installed ourselves: gzip output or converted text differs in bytes, not in content.
    if (prior && sha === prior.sha256 && size === prior.bytes) {
      const sameContent =
        e.convert === 'gzip'
          ? prior.contentSha256 === e.contentSha256
          : e.convert === 'pdftotext-layout' && prior.sha256 === sha;
      if (sameContent)
        return {
          ...e,
          bytes: prior.bytes,
          sha256: prior.sha256,
          ...(prior.retrieved ? { retrieved: prior.retrieved } : {}),
        };
    }
  }
  if (e.convert === 'gzip' && e.contentSha256 && (await gunzipSha256(file)) === e.contentSha256) {
    return {
      ...e,
      bytes: size,
      sha256: await sha256File(file),
      ...(prior?.retrieved ? { retrieved: prior.retrieved } : {}),
    };
  }
  return undefined;
}

async function fetchOne(
  e: CatalogEntry,
  o: Required<Pick<SyncOptions, 'dest' | 'retries' | 'backoffMs' | 'timeoutMs' | 'pdftotext' | 'acceptConverted'>> &
    SyncOptions,
  fetchFn: typeof fetch,
  now: () => Date,
): Promise<Installed> {
  if (!e.origin) throw new FetchError(`no official URL known${e.note ? ` (${e.note})` : ''}`, true);
  const url = mirrorUrl(e.origin, o.mirror);
  const final = path.join(o.dest, e.path);
  const part = `${final}.part`;
  const want = expectedDownload(e);
  let lastError: FetchError | undefined;
  for (let attempt = 0; attempt <= o.retries; attempt++) {
    if (attempt > 0) {
      const delayMs = o.backoffMs * 2 ** (attempt - 1);
      o.onProgress?.({ type: 'retry', path: e.path, attempt, reason: lastError?.message ?? '', delayMs });
      await sleep(delayMs);
    }
    try {
      const got = await downloadOnce(fetchFn, url, part, o.timeoutMs, (resumeFrom) =>
        o.onProgress?.({ type: 'start', path: e.path, url, attempt, resumeFrom }),
      );
      if (want.bytes !== undefined && got.bytes < want.bytes && !got.lengthKnown) {
        // No Content-Length told us the body was short, but the catalog knows the size: resume next time.
        throw new FetchError(`truncated: received ${got.bytes} of ${want.bytes} bytes`, false);
      }
      if (want.sha256) {
        const sha = await sha256File(part);
        if (sha !== want.sha256) {
          await unlink(part).catch(() => undefined);
          throw new FetchError(
            `checksum mismatch: downloaded ${got.bytes} bytes with sha256 ${sha}, expected ${want.sha256}` +
              (want.bytes !== undefined ? ` (${want.bytes} bytes)` : '') +
              (got.resumed ? '; discarded, fetching again from the start' : '; the file was not installed'),
            !got.resumed,
          );
        }
      }
      return { entry: await install(e, final, part, o, now) };
    } catch (err) {
      lastError = err instanceof FetchError ? err : new FetchError((err as Error).message, false);
      if (lastError.permanent) break;
    }
  }
  throw lastError ?? new FetchError('failed', true);
}

async function install(
  e: CatalogEntry,
  final: string,
  part: string,
  o: { pdftotext: string; acceptConverted: boolean },
  now: () => Date,
): Promise<ManifestEntry> {
  const retrieved = now().toISOString();
  await mkdir(path.dirname(final), { recursive: true });
  if (e.convert === 'gzip') {
    const tmp = tmpName(final);
    try {
      await pipeline(createReadStream(part), createGzip({ level: 9 }), createWriteStream(tmp));
      const bytes = (await stat(tmp)).size;
      const sha256 = await sha256File(tmp);
      await rename(tmp, final);
      await unlink(part).catch(() => undefined);
      return { ...e, bytes, sha256, retrieved };
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
  if (e.convert === 'pdftotext-layout') {
    const tmp = tmpName(final);
    try {
      await runPdftotext(o.pdftotext, part, tmp);
      const bytes = (await stat(tmp)).size;
      const sha256 = await sha256File(tmp);
      if (sha256 !== e.sha256 && !o.acceptConverted) {
        throw new FetchError(
          `pdftotext output has sha256 ${sha256} (${bytes} bytes), expected ${e.sha256} (${e.bytes} bytes): ` +
            'the PDF changed or another poppler version lays the text out differently (see acceptConverted)',
          true,
        );
      }
      await rename(tmp, final);
      await unlink(part).catch(() => undefined);
      return { ...e, bytes, sha256, retrieved };
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      await unlink(part).catch(() => undefined);
      throw err;
    }
  }
  await rename(part, final);
  return { ...e, retrieved };
}

async function readPriorManifest(dest: string): Promise<Manifest | undefined> {
  try {
    const file = path.join(dest, MANIFEST_FILE);
    return parseManifest(await readFile(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}

/**
 * Fetches every file of the catalog that is missing from `dest` or differs from it, then writes
 * `<dest>/manifest.json` (atomically) listing the files present and verified. A failing file never stops
 * the others; failures are listed in the summary.
 */
export async function sync(opts: SyncOptions): Promise<SyncSummary> {
  const o = {
    retries: 4,
    backoffMs: 500,
    concurrency: 4,
    timeoutMs: 600_000,
    pdftotext: 'pdftotext',
    acceptConverted: false,
    ...opts,
    dest: path.resolve(opts.dest),
  };
  const fetchFn = opts.fetch ?? fetch;
  const now = opts.now ?? (() => new Date());
  await mkdir(o.dest, { recursive: true });
  const prior = await readPriorManifest(o.dest);
  const priorByPath = new Map((prior?.files ?? []).map((f) => [f.path, f]));
  const entries = o.manifestOrCatalog.files.filter((f) => !opts.filter || opts.filter(f));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.path)) throw new Error(`catalog lists ${e.path} twice`);
    seen.add(e.path);
  }

  const results = new Map<string, ManifestEntry>();
  const summary: SyncSummary = {
    dest: o.dest,
    fetched: [],
    skipped: [],
    failed: [],
    manifest: path.join(o.dest, MANIFEST_FILE),
  };
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const e = entries[next++]!;
      const before = priorByPath.get(e.path);
      try {
        const current = await isCurrent(o.dest, e, before);
        if (current) {
          results.set(e.path, current);
          summary.skipped.push(e.path);
          o.onProgress?.({ type: 'skip', path: e.path });
          continue;
        }
        const { entry } = await fetchOne(e, o, fetchFn, now);
        results.set(e.path, entry);
        summary.fetched.push(e.path);
        o.onProgress?.({ type: 'done', path: e.path, bytes: entry.bytes });
      } catch (err) {
        const reason = (err as Error).message;
        summary.failed.push({ path: e.path, reason });
        o.onProgress?.({ type: 'fail', path: e.path, reason });
        // The old state is kept: a file that still matches the prior manifest stays listed.
        if (before) {
          const file = path.join(o.dest, e.path);
          if ((await sizeOf(file)) === before.bytes && (await sha256File(file).catch(() => '')) === before.sha256) {
            results.set(e.path, before);
          }
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, entries.length)) }, worker));

  // Entries of the prior manifest outside this catalog stay listed while their file is intact.
  for (const f of prior?.files ?? []) {
    if (seen.has(f.path) || results.has(f.path)) continue;
    const file = path.join(o.dest, f.path);
    if ((await sizeOf(file)) === f.bytes && (await sha256File(file).catch(() => '')) === f.sha256)
      results.set(f.path, f);
  }

  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const files = [...results.values()].sort((a, b) => order(a.path, b.path));
  const manifest: Manifest = { version: 1, generated: now().toISOString(), files };
  await writeFileAtomic(summary.manifest, JSON.stringify(manifest, null, 2) + '\n');
  for (const k of ['fetched', 'skipped'] as const) summary[k].sort(order);
  summary.failed.sort((a, b) => order(a.path, b.path));
  return summary;
}
