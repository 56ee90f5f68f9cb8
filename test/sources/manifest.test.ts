import { existsSync } from 'node:fs';
import { compareRevisionIds, parseRevisionId } from '../../src/core/hts/revision.js';
import { appendFile, mkdir, readFile, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  catalog,
  htsRevisions,
  isSourceError,
  loadManifest,
  sha256File,
  sourcesKey,
  SourceError,
  verifySources,
} from '../../src/sources/manifest.js';
import type { CatalogEntry, Manifest } from '../../src/sources/types.js';
import { sha256, tempDir } from './helpers.js';

let dir: string;
let cacheDir: string;
const cleanups: (() => Promise<void>)[] = [];

const fixtures: Record<string, string> = {
  'usitc-hts/hts_2025_basic.json.gz': 'gz-basic',
  'usitc-hts/hts_2025_rev_1.json.gz': 'gz-rev1',
  'usitc-change-records/2025HTSRev1_change_record.txt': 'change record 1\n',
  'reference-yale/list.csv': 'a,b\n1,2\n',
};

function entryFor(p: string, body: string): CatalogEntry {
  const kind: CatalogEntry['kind'] = p.startsWith('usitc-hts')
    ? 'hts-json'
    : p.startsWith('usitc-change')
      ? 'change-record'
      : 'reference';
  const revision = p.includes('basic')
    ? '2025_basic'
    : p.includes('ev_1') || p.includes('Rev1')
      ? '2025_rev_1'
      : undefined;
  return {
    path: p,
    bytes: Buffer.byteLength(body),
    sha256: sha256(body),
    kind,
    ...(revision ? { revision } : {}),
    origin: `https://example.gov/${p}`,
  };
}

async function writeManifest(files: CatalogEntry[]): Promise<Manifest> {
  const m: Manifest = { version: 1, generated: '2026-01-01T00:00:00.000Z', files };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(m));
  return m;
}

beforeEach(async () => {
  const a = await tempDir();
  const b = await tempDir('tariff-cache-');
  dir = a.dir;
  cacheDir = b.dir;
  cleanups.push(a.cleanup, b.cleanup);
  for (const [p, body] of Object.entries(fixtures)) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), body);
  }
  await writeManifest(Object.entries(fixtures).map(([p, b]) => entryFor(p, b)));
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function counter() {
  const calls: string[] = [];
  return { calls, hash: (p: string) => (calls.push(p), sha256File(p)) };
}

describe('verifySources', () => {
  it('passes on an intact directory and returns the manifest, key and extra files', async () => {
    await writeFile(path.join(dir, 'reference-yale/unlisted.csv'), 'x\n');
    await writeFile(path.join(dir, 'reference-yale/list.csv.part'), 'partial');
    const v = await verifySources(dir, { cacheDir });
    expect(v.fromCatalog).toBe(false);
    expect(v.manifest.files).toHaveLength(4);
    expect(v.key).toMatch(/^[0-9a-f]{64}$/);
    expect(v.key).toBe(sourcesKey(v.manifest));
    expect(v.extra).toEqual(['reference-yale/unlisted.csv']);
    expect(v.hashed).toBe(4);
  });

  it('throws a SourceError naming a truncated file, with expected and actual size', async () => {
    await truncate(path.join(dir, 'reference-yale/list.csv'), 3);
    const err = await verifySources(dir, { cacheDir }).catch((e: unknown) => e);
    expect(isSourceError(err)).toBe(true);
    const e = err as SourceError;
    expect(e.file).toBe('reference-yale/list.csv');
    expect(e.message).toContain('reference-yale/list.csv');
    expect(e.message).toMatch(/size 3 bytes, expected 8 \(truncated\)/);
    expect(e.actual).toEqual({ bytes: 3 });
  });

  it('throws a SourceError naming a modified file of the same size, with both sha256', async () => {
    await verifySources(dir, { cacheDir }); // warm the stamp cache first: a change must still be seen
    const file = path.join(dir, 'usitc-change-records/2025HTSRev1_change_record.txt');
    await writeFile(file, 'change record 2\n');
    const err = (await verifySources(dir, { cacheDir }).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.file).toBe('usitc-change-records/2025HTSRev1_change_record.txt');
    expect(err.message).toContain(sha256('change record 1\n'));
    expect(err.message).toContain(sha256('change record 2\n'));
  });

  it('throws a SourceError naming a missing file', async () => {
    const { rm } = await import('node:fs/promises');
    await rm(path.join(dir, 'usitc-hts/hts_2025_rev_1.json.gz'));
    await expect(verifySources(dir, { cacheDir })).rejects.toThrow(/usitc-hts\/hts_2025_rev_1\.json\.gz: missing/);
  });

  it('throws a SourceError when the directory does not exist', async () => {
    await expect(verifySources(path.join(dir, 'nope'), { cacheDir })).rejects.toBeInstanceOf(SourceError);
  });

  it('re-hashes only files whose stat changed (stamp cache)', async () => {
    const c1 = counter();
    expect((await verifySources(dir, { cacheDir, hash: c1.hash })).hashed).toBe(4);
    expect(c1.calls).toHaveLength(4);
    expect(existsSync(path.join(cacheDir, 'source-stamps.json'))).toBe(true);

    const c2 = counter();
    expect((await verifySources(dir, { cacheDir, hash: c2.hash })).hashed).toBe(0);
    expect(c2.calls).toEqual([]);

    // Touch one file: only it is hashed again.
    const file = path.join(dir, 'reference-yale/list.csv');
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    const c3 = counter();
    expect((await verifySources(dir, { cacheDir, hash: c3.hash })).hashed).toBe(1);
    expect(c3.calls).toEqual([file]);

    // A fresh cache directory hashes everything again.
    const other = await tempDir('tariff-cache-');
    cleanups.push(other.cleanup);
    const c4 = counter();
    await verifySources(dir, { cacheDir: other.dir, hash: c4.hash });
    expect(c4.calls).toHaveLength(4);
  });

  it('sees a file grown by appending even with a warm cache', async () => {
    await verifySources(dir, { cacheDir });
    await appendFile(path.join(dir, 'reference-yale/list.csv'), '3,4\n');
    await expect(verifySources(dir, { cacheDir })).rejects.toThrow(
      /reference-yale\/list\.csv: size 12 bytes, expected 8/,
    );
  });

  it('refuses a cache directory inside the sources directory', async () => {
    await expect(verifySources(dir, { cacheDir: path.join(dir, '.cache') })).rejects.toThrow(/must not be inside/);
  });

  it('uses the shipped catalog when the directory has no manifest.json', async () => {
    const { rm } = await import('node:fs/promises');
    await rm(path.join(dir, 'manifest.json'));
    const { manifest, fromCatalog } = await loadManifest(dir);
    expect(fromCatalog).toBe(true);
    expect(manifest).toBe(catalog());
  });

  it('rejects a manifest that is not one, naming the file', async () => {
    await writeFile(path.join(dir, 'manifest.json'), '{"files": 3}');
    await expect(verifySources(dir, { cacheDir })).rejects.toThrow(/manifest\.json: not a manifest/);
  });
});

describe('revisions and key', () => {
  it('orders revisions by year, basic first, then revision number', () => {
    const ids = ['2026_rev_10', '2025_rev_10', '2026_basic', '2025_rev_2', '2025_basic', '2026_rev_9', '2025_rev_32'];
    expect([...ids].sort(compareRevisionIds)).toEqual([
      '2025_basic',
      '2025_rev_2',
      '2025_rev_10',
      '2025_rev_32',
      '2026_basic',
      '2026_rev_9',
      '2026_rev_10',
    ]);
    expect(parseRevisionId('2025_rev_9')).toEqual({ id: '2025_rev_9', year: 2025, number: 9 });
    expect(parseRevisionId('2025_basic')).toEqual({ id: '2025_basic', year: 2025, number: 0 });
    expect(parseRevisionId('rev9')).toBeNull();
  });

  it('lists the 44 HTS revisions of the shipped catalog in order', () => {
    const revs = htsRevisions(catalog());
    expect(revs).toHaveLength(44);
    expect(revs.slice(0, 3)).toEqual(['2025_basic', '2025_rev_1', '2025_rev_2']);
    expect(revs[32]).toBe('2025_rev_32');
    expect(revs[33]).toBe('2026_basic');
    expect(revs.at(-1)).toBe('2026_rev_10');
  });

  it('keys the index by HTS JSON content and change records only', () => {
    const m = catalog();
    const key = sourcesKey(m);
    const files = m.files.map((f) => (f.kind === 'reference' ? { ...f, sha256: 'f'.repeat(64) } : f));
    expect(sourcesKey({ ...m, files: [...files].reverse() })).toBe(key);
    // A re-gzipped HTS file (different stored bytes, same content) keeps the key.
    const regz = m.files.map((f) => (f.kind === 'hts-json' ? { ...f, sha256: '0'.repeat(64), bytes: 1 } : f));
    expect(sourcesKey({ ...m, files: regz })).toBe(key);
    const changed = m.files.map((f, i) =>
      i === m.files.findIndex((g) => g.kind === 'change-record') ? { ...f, sha256: '1'.repeat(64) } : f,
    );
    expect(sourcesKey({ ...m, files: changed })).not.toBe(key);
  });
});

describe('shipped catalog', () => {
  it('holds names, sizes, hashes and URLs only', async () => {
    const text = await readFile(new URL('../../src/sources/catalog.json', import.meta.url), 'utf8');
    expect(text.length).toBeLessThan(200_000);
    const c = catalog();
    expect(c.files).toHaveLength(143);
    for (const f of c.files) {
      expect(
        Object.keys(f).every((k) =>
          [
            'path',
            'bytes',
            'sha256',
            'contentSha256',
            'contentBytes',
            'kind',
            'revision',
            'origin',
            'convert',
            'note',
          ].includes(k),
        ),
      ).toBe(true);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      if (f.kind === 'hts-json') expect(f.convert).toBe('gzip');
      if (f.origin === null) expect(f.note).toBeTruthy();
    }
    expect(c.files.find((f) => f.path === 'usitc-hts/hts_2025_rev_9.json.gz')!.origin).toBe(
      'https://www.usitc.gov/sites/default/files/tata/hts/hts_2025_revision_9_json.json',
    );
    expect(c.files.find((f) => f.path === 'usitc-change-records/2025HTSRev9_change_record.txt')!.origin).toBe(
      'https://hts.usitc.gov/reststop/file?release=2025HTSRev9&filename=Change%20Record',
    );
  });
});

const SHARED = '/work/shared/data';
describe.skipIf(!existsSync(SHARED))('the reference sources directory', () => {
  it('verifies against the shipped catalog, then warm without hashing', async () => {
    const v = await verifySources(SHARED, { cacheDir });
    expect(v.fromCatalog).toBe(true);
    expect(v.extra).toEqual([]);
    expect(htsRevisions(v.manifest)).toHaveLength(44);
    const t0 = performance.now();
    const warm = await verifySources(SHARED, { cacheDir });
    const ms = performance.now() - t0;
    expect(warm.hashed).toBe(0);
    expect(warm.key).toBe(v.key);
    expect(ms).toBeLessThan(300);
  });
});
