import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifySources } from '../../src/sources/manifest.js';
import { mirrorUrl, sync, type SyncEvent } from '../../src/sources/sync.js';
import type { Catalog, CatalogEntry, Manifest } from '../../src/sources/types.js';
import { sha256, startServer, tempDir, type FixtureServer } from './helpers.js';

const HTS_ORIGIN = 'https://www.usitc.gov/sites/default/files/tata/hts/hts_2025_basic_edition_json.json';
const HTS_PATH = '/sites/default/files/tata/hts/hts_2025_basic_edition_json.json';
const CSV_ORIGIN = 'https://raw.githubusercontent.com/Budget-Lab-Yale/tariff-rate-tracker/main/resources/list.csv';
const CSV_PATH = '/Budget-Lab-Yale/tariff-rate-tracker/main/resources/list.csv';
const GONE_ORIGIN = 'https://www.example.gov/gone.csv';

// Big enough that a truncated transfer leaves a real partial file.
const htsJson = Buffer.from(
  JSON.stringify(
    Array.from({ length: 2000 }, (_, i) => ({ htsno: `0101.${String(i).padStart(4, '0')}`, description: `Line ${i}` })),
  ),
);
const csv = Buffer.from(
  'hts10,from,to\n' + Array.from({ length: 3000 }, (_, i) => `${7200000000 + i},2025-03-12,\n`).join(''),
);

function gzEntry(content: Buffer, origin = HTS_ORIGIN): CatalogEntry {
  const gz = gzipSync(content);
  return {
    path: 'usitc-hts/hts_2025_basic.json.gz',
    bytes: gz.length,
    sha256: sha256(gz),
    contentSha256: sha256(content),
    contentBytes: content.length,
    kind: 'hts-json',
    revision: '2025_basic',
    origin,
    convert: 'gzip',
  };
}

function csvEntry(content: Buffer, origin = CSV_ORIGIN): CatalogEntry {
  return { path: 'reference-yale/list.csv', bytes: content.length, sha256: sha256(content), kind: 'reference', origin };
}

const catalogOf = (...files: CatalogEntry[]): Catalog => ({ version: 1, generated: '2026-01-01T00:00:00.000Z', files });

let server: FixtureServer;
let dest: string;
let cleanup: () => Promise<void>;
let cacheDir: string;
let cleanupCache: () => Promise<void>;

beforeEach(async () => {
  server = await startServer();
  server.files.set(HTS_PATH, htsJson);
  server.files.set(CSV_PATH, csv);
  ({ dir: dest, cleanup } = await tempDir());
  ({ dir: cacheDir, cleanup: cleanupCache } = await tempDir('tariff-cache-'));
});

afterEach(async () => {
  await server.close();
  await cleanup();
  await cleanupCache();
});

const run = (catalog: Catalog, extra: Partial<Parameters<typeof sync>[0]> = {}) =>
  sync({ dest, manifestOrCatalog: catalog, mirror: server.url, retries: 3, backoffMs: 1, ...extra });

async function leftovers(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (d.isFile() && /\.(part|tmp-.*)$/.test(d.name)) out.push(d.name);
  }
  return out;
}

describe('mirrorUrl', () => {
  it('replaces scheme and host, keeps path and query', () => {
    expect(
      mirrorUrl(
        'https://hts.usitc.gov/reststop/file?release=2025HTSRev9&filename=Change%20Record',
        'http://127.0.0.1:9/m/',
      ),
    ).toBe('http://127.0.0.1:9/m/reststop/file?release=2025HTSRev9&filename=Change%20Record');
    expect(mirrorUrl(HTS_ORIGIN)).toBe(HTS_ORIGIN);
  });
});

describe('sync', () => {
  it('fetches everything the first time and nothing the second time', async () => {
    const catalog = catalogOf(gzEntry(htsJson), csvEntry(csv));
    const first = await run(catalog);
    expect(first.failed).toEqual([]);
    expect(first.fetched).toEqual(['reference-yale/list.csv', 'usitc-hts/hts_2025_basic.json.gz']);
    expect(gunzipSync(await readFile(path.join(dest, 'usitc-hts/hts_2025_basic.json.gz')))).toEqual(htsJson);
    expect(await readFile(path.join(dest, 'reference-yale/list.csv'))).toEqual(csv);

    const manifest = JSON.parse(await readFile(path.join(dest, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.version).toBe(1);
    expect(manifest.files.map((f) => f.path)).toEqual(['reference-yale/list.csv', 'usitc-hts/hts_2025_basic.json.gz']);
    for (const f of manifest.files) expect(f.retrieved).toMatch(/^\d{4}-\d\d-\d\dT/);
    const gz = manifest.files.find((f) => f.kind === 'hts-json')!;
    expect(gz.contentSha256).toBe(sha256(htsJson));
    expect(gz.sha256).toBe(sha256(await readFile(path.join(dest, gz.path))));

    // The written manifest verifies.
    const v = await verifySources(dest, { cacheDir });
    expect(v.fromCatalog).toBe(false);
    expect(v.extra).toEqual([]);

    const requests = server.seen.length;
    const second = await run(catalog);
    expect(second.fetched).toEqual([]);
    expect(second.skipped).toHaveLength(2);
    expect(second.failed).toEqual([]);
    expect(server.seen.length).toBe(requests);
    const again = JSON.parse(await readFile(path.join(dest, 'manifest.json'), 'utf8')) as Manifest;
    expect(again.files.map((f) => f.retrieved)).toEqual(manifest.files.map((f) => f.retrieved));
    expect(await leftovers(dest)).toEqual([]);
  });

  it('skips a file already present with the catalog checksum', async () => {
    const gz = gzipSync(htsJson);
    await mkdir(path.join(dest, 'usitc-hts'), { recursive: true });
    await writeFile(path.join(dest, 'usitc-hts/hts_2025_basic.json.gz'), gz);
    const s = await run(catalogOf(gzEntry(htsJson), csvEntry(csv)));
    expect(s.skipped).toEqual(['usitc-hts/hts_2025_basic.json.gz']);
    expect(s.fetched).toEqual(['reference-yale/list.csv']);
    expect(server.seen.map((r) => r.path)).toEqual([CSV_PATH]);
  });

  it('rejects a remote file whose checksum differs, leaving the file missing', async () => {
    server.files.set(CSV_PATH, Buffer.from('hts10\n9999999999\n'));
    const s = await run(catalogOf(csvEntry(csv)));
    expect(s.fetched).toEqual([]);
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0]!.path).toBe('reference-yale/list.csv');
    expect(s.failed[0]!.reason).toMatch(/checksum mismatch/);
    expect(server.seen).toHaveLength(1); // a wrong checksum on a whole download is not retried
    expect(existsSync(path.join(dest, 'reference-yale/list.csv'))).toBe(false);
    expect(await leftovers(dest)).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(dest, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files).toEqual([]);
  });

  it('keeps the old file when a changed remote file fails its checksum', async () => {
    const gzCatalog = catalogOf(gzEntry(htsJson));
    await run(gzCatalog);
    const file = path.join(dest, 'usitc-hts/hts_2025_basic.json.gz');
    const before = await readFile(file);
    // A new catalog expects new content; the server serves something else again.
    const newer = Buffer.from(htsJson.toString().replace('Line 1', 'Line one'));
    server.files.set(HTS_PATH, Buffer.from('[]'));
    const s = await run(catalogOf(gzEntry(newer)));
    expect(s.failed.map((f) => f.path)).toEqual(['usitc-hts/hts_2025_basic.json.gz']);
    expect(s.failed[0]!.reason).toMatch(/checksum mismatch.*expected/);
    expect(await readFile(file)).toEqual(before);
    const manifest = JSON.parse(await readFile(path.join(dest, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files).toHaveLength(1);
    expect(manifest.files[0]!.contentSha256).toBe(sha256(htsJson)); // the old, intact state
    expect(await leftovers(dest)).toEqual([]);
  });

  it('reports a 404 without retrying and still fetches the others', async () => {
    const gone: CatalogEntry = { ...csvEntry(csv, GONE_ORIGIN), path: 'reference-yale/gone.csv' };
    const s = await run(catalogOf(gone, gzEntry(htsJson), csvEntry(csv)));
    expect(s.fetched).toEqual(['reference-yale/list.csv', 'usitc-hts/hts_2025_basic.json.gz']);
    expect(s.failed).toEqual([{ path: 'reference-yale/gone.csv', reason: expect.stringMatching(/HTTP 404/) }]);
    expect(server.seen.filter((r) => r.path === '/gone.csv')).toHaveLength(1);
  });

  it('reports an entry without an origin URL', async () => {
    const s = await run(catalogOf({ ...csvEntry(csv), origin: null, note: 'not found' }));
    expect(s.failed[0]!.reason).toMatch(/no official URL/);
  });

  it('retries 5xx and then succeeds', async () => {
    server.faults.set(CSV_PATH, ['503', '503']);
    const events: SyncEvent[] = [];
    const s = await run(catalogOf(csvEntry(csv)), { onProgress: (e) => events.push(e) });
    expect(s.fetched).toEqual(['reference-yale/list.csv']);
    expect(server.seen.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });

  it('gives up after the retries on persistent 5xx', async () => {
    server.always.set(CSV_PATH, '503');
    const s = await run(catalogOf(csvEntry(csv)), { retries: 2 });
    expect(s.failed[0]!.reason).toMatch(/HTTP 503/);
    expect(server.seen).toHaveLength(3);
    expect(existsSync(path.join(dest, 'reference-yale/list.csv'))).toBe(false);
  });

  it('never installs a truncated body: retries, resumes, and fails if it stays truncated', async () => {
    server.always.set(CSV_PATH, 'truncate');
    const s = await run(catalogOf(csvEntry(csv)), { retries: 2 });
    expect(s.fetched).toEqual([]);
    expect(s.failed[0]!.reason).toMatch(/interrupted|truncated/);
    expect(server.seen).toHaveLength(3);
    expect(existsSync(path.join(dest, 'reference-yale/list.csv'))).toBe(false);
  });

  it('succeeds when a truncated transfer is retried', async () => {
    server.faults.set(HTS_PATH, ['truncate']);
    const s = await run(catalogOf(gzEntry(htsJson)));
    expect(s.fetched).toEqual(['usitc-hts/hts_2025_basic.json.gz']);
    expect(gunzipSync(await readFile(path.join(dest, 'usitc-hts/hts_2025_basic.json.gz')))).toEqual(htsJson);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(await leftovers(dest)).toEqual([]);
  });

  it('leaves a .part after an interrupted transfer, which the next sync resumes with a Range request', async () => {
    server.faults.set(CSV_PATH, ['truncate']);
    const first = await run(catalogOf(csvEntry(csv)), { retries: 0 });
    expect(first.failed).toHaveLength(1);
    const part = path.join(dest, 'reference-yale/list.csv.part');
    expect(existsSync(part)).toBe(true);
    expect(existsSync(path.join(dest, 'reference-yale/list.csv'))).toBe(false);
    const partial = (await readFile(part)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(csv.length);

    const second = await run(catalogOf(csvEntry(csv)));
    expect(second.fetched).toEqual(['reference-yale/list.csv']);
    const last = server.seen.at(-1)!;
    expect(last.range).toBe(`bytes=${partial}-`);
    expect(last.status).toBe(206);
    expect(await readFile(path.join(dest, 'reference-yale/list.csv'))).toEqual(csv);
    expect(existsSync(part)).toBe(false);
  });

  it('downloads in full when the server ignores Range', async () => {
    await mkdir(path.join(dest, 'reference-yale'), { recursive: true });
    await writeFile(path.join(dest, 'reference-yale/list.csv.part'), csv.subarray(0, 100));
    server.always.set(CSV_PATH, 'ignore-range');
    const s = await run(catalogOf(csvEntry(csv)));
    expect(s.fetched).toEqual(['reference-yale/list.csv']);
    expect(server.seen[0]!.range).toBe('bytes=100-');
    expect(server.seen[0]!.status).toBe(200);
    expect(await readFile(path.join(dest, 'reference-yale/list.csv'))).toEqual(csv);
  });

  it('discards a stale .part that does not match and fetches again from the start', async () => {
    await mkdir(path.join(dest, 'reference-yale'), { recursive: true });
    await writeFile(path.join(dest, 'reference-yale/list.csv.part'), Buffer.alloc(100, 0x78)); // wrong bytes
    const s = await run(catalogOf(csvEntry(csv)));
    expect(s.fetched).toEqual(['reference-yale/list.csv']);
    expect(server.seen.map((r) => r.range)).toEqual(['bytes=100-', undefined]);
    expect(await readFile(path.join(dest, 'reference-yale/list.csv'))).toEqual(csv);
  });

  it('names poppler-utils when pdftotext is missing', async () => {
    server.files.set('/doc.pdf', Buffer.from('%PDF-1.4 fake'));
    const entry: CatalogEntry = {
      path: 'federal-register/doc.txt',
      bytes: 10,
      sha256: sha256('0123456789'),
      kind: 'federal-register',
      origin: 'https://www.govinfo.gov/doc.pdf',
      convert: 'pdftotext-layout',
    };
    const s = await run(catalogOf(entry, csvEntry(csv)), { pdftotext: '/nonexistent/pdftotext' });
    expect(s.fetched).toEqual(['reference-yale/list.csv']);
    expect(s.failed[0]!.reason).toMatch(/poppler-utils/);
    expect(existsSync(path.join(dest, 'federal-register/doc.txt'))).toBe(false);
    expect(await leftovers(dest)).toEqual([]);
  });

  it('converts a PDF with pdftotext -layout and checks the text', async () => {
    const pdf = Buffer.from('%PDF-1.4 pretend\n');
    server.files.set('/doc.pdf', pdf);
    // A stand-in for pdftotext: writes "-layout:" and the PDF bytes to the output file.
    const bin = path.join(dest, '..', `fake-pdftotext-${process.pid}-${Date.now()}.sh`);
    await writeFile(bin, '#!/bin/sh\n{ printf "%s:" "$1"; cat "$2"; } > "$3"\n', { mode: 0o755 });
    const text = Buffer.concat([Buffer.from('-layout:'), pdf]);
    const entry: CatalogEntry = {
      path: 'federal-register/doc.txt',
      bytes: text.length,
      sha256: sha256(text),
      kind: 'federal-register',
      origin: 'https://www.govinfo.gov/doc.pdf',
      convert: 'pdftotext-layout',
    };
    try {
      const ok = await run(catalogOf(entry), { pdftotext: bin });
      expect(ok.fetched).toEqual(['federal-register/doc.txt']);
      expect(await readFile(path.join(dest, 'federal-register/doc.txt'))).toEqual(text);
      expect(await leftovers(dest)).toEqual([]);
      expect((await run(catalogOf(entry), { pdftotext: bin })).skipped).toEqual(['federal-register/doc.txt']);

      // Text that differs from the catalog (another poppler version): refused, unless accepted.
      const other: CatalogEntry = { ...entry, path: 'federal-register/other.txt', sha256: sha256('x') };
      const refused = await run(catalogOf(other), { pdftotext: bin });
      expect(refused.failed[0]!.reason).toMatch(/pdftotext output has sha256/);
      expect(existsSync(path.join(dest, 'federal-register/other.txt'))).toBe(false);
      const accepted = await run(catalogOf(other), { pdftotext: bin, acceptConverted: true });
      expect(accepted.fetched).toEqual(['federal-register/other.txt']);
      const manifest = JSON.parse(await readFile(path.join(dest, 'manifest.json'), 'utf8')) as Manifest;
      const m = manifest.files.find((f) => f.path === 'federal-register/other.txt')!;
      expect(m.sha256).toBe(sha256(text));
      await verifySources(dest, { cacheDir });
    } finally {
      const { rm } = await import('node:fs/promises');
      await rm(bin, { force: true });
    }
  });

  it('fetches with bounded concurrency', async () => {
    const files: CatalogEntry[] = [];
    for (let i = 0; i < 9; i++) {
      const body = Buffer.from(`file ${i}\n`.repeat(50));
      server.files.set(`/f${i}.txt`, body);
      files.push({ ...csvEntry(body, `https://x.example/f${i}.txt`), path: `reference-yale/f${i}.txt` });
    }
    const s = await run(catalogOf(...files), { concurrency: 3 });
    expect(s.fetched).toHaveLength(9);
    expect(s.failed).toEqual([]);
  });
});
