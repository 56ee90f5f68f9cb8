// The manifest of a sources directory and its verification. A directory written by `tariff sync` holds
// manifest.json; one without (like the read-only reference copy) is described by the catalog shipped in the repo.
import { createHash, randomBytes } from 'node:crypto';
import { compareRevisionIds } from '../core/hts/revision.js';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import shippedCatalog from './catalog.json' with { type: 'json' };
import type { Catalog, CatalogEntry, Manifest, ManifestEntry } from './types.js';

export type { Catalog, CatalogEntry, Manifest, ManifestEntry, SourceKind, Conversion } from './types.js';

export const MANIFEST_FILE = 'manifest.json';
const STAMPS_FILE = 'source-stamps.json';

/** A sources directory does not hold what its manifest says: a file missing, truncated or changed. */
export class SourceError extends Error {
  readonly file: string | undefined;
  readonly expected: { bytes?: number; sha256?: string } | undefined;
  readonly actual: { bytes?: number; sha256?: string } | undefined;

  constructor(
    message: string,
    details: {
      file?: string;
      expected?: { bytes?: number; sha256?: string };
      actual?: { bytes?: number; sha256?: string };
    } = {},
  ) {
    super(message);
    this.name = 'SourceError';
    this.file = details.file;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

export function isSourceError(e: unknown): e is SourceError {
  return e instanceof SourceError;
}

/** The catalog shipped in the repo: every file of the reference sources, with size, sha256 and origin. */
export function catalog(): Catalog {
  return shippedCatalog as Catalog;
}

function isEntry(x: unknown): x is ManifestEntry {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return (
    typeof e['path'] === 'string' &&
    typeof e['bytes'] === 'number' &&
    typeof e['sha256'] === 'string' &&
    /^[0-9a-f]{64}$/.test(e['sha256']) &&
    typeof e['kind'] === 'string'
  );
}

/** Parses and checks a manifest (or catalog) document; `where` names it in errors. */
export function parseManifest(text: string, where: string): Manifest {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${where}: not valid JSON (${(e as Error).message})`, { file: where });
  }
  const d = doc as Partial<Manifest> | null;
  if (!d || d.version !== 1 || !Array.isArray(d.files)) {
    throw new SourceError(`${where}: not a manifest (expected {"version": 1, "files": [...]})`, { file: where });
  }
  d.files.forEach((f, i) => {
    if (!isEntry(f)) throw new SourceError(`${where}: files[${i}] lacks path, bytes, sha256 or kind`, { file: where });
    if (path.posix.isAbsolute(f.path) || f.path.split('/').includes('..')) {
      throw new SourceError(`${where}: files[${i}].path must be relative inside the directory: ${f.path}`, {
        file: where,
      });
    }
  });
  return { version: 1, generated: String(d.generated ?? ''), files: d.files };
}

/** The manifest of a directory: its manifest.json when present, else the shipped catalog. */
export async function loadManifest(dir: string): Promise<{ manifest: Manifest; fromCatalog: boolean }> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { manifest: catalog(), fromCatalog: true };
    throw e;
  }
  return { manifest: parseManifest(text, file), fromCatalog: false };
}

/** Writes `data` to `file` through a temporary name in the same directory, then renames it. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------------------
// HTS revisions

function byRevision(m: Manifest, kind: CatalogEntry['kind']): ManifestEntry[] {
  return m.files
    .filter((f) => f.kind === kind && f.revision)
    .sort((a, b) => compareRevisionIds(a.revision!, b.revision!));
}

/** HTS JSON files in revision order: 2025_basic, 2025_rev_1 … 2025_rev_32, 2026_basic, 2026_rev_1 … */
export function htsRevisionFiles(m: Manifest): ManifestEntry[] {
  return byRevision(m, 'hts-json');
}

/** Revision ids of the HTS JSON files, in order. */
export function htsRevisions(m: Manifest): string[] {
  return htsRevisionFiles(m).map((f) => f.revision!);
}

/** Change records in revision order. */
export function changeRecordFiles(m: Manifest): ManifestEntry[] {
  return byRevision(m, 'change-record');
}

/** The key of the compiled HTS index: sha256 over the sorted (path, contentSha256 ?? sha256) of HTS JSON and change records. */
export function sourcesKey(m: Manifest): string {
  const lines = m.files
    .filter((f) => f.kind === 'hts-json' || f.kind === 'change-record')
    .map((f) => `${f.path}\t${f.contentSha256 ?? f.sha256}\n`)
    .sort();
  const h = createHash('sha256');
  for (const l of lines) h.update(l);
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------------------
// Verification, with a stamp cache so that a warm start re-hashes nothing

interface Stamp {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}
type StampFile = { version: 1; dirs: Record<string, Record<string, Stamp>> };

async function readStamps(cacheDir: string): Promise<StampFile> {
  try {
    const d = JSON.parse(await readFile(path.join(cacheDir, STAMPS_FILE), 'utf8')) as StampFile;
    if (d && d.version === 1 && typeof d.dirs === 'object' && d.dirs) return d;
  } catch {
    // missing or damaged: start afresh
  }
  return { version: 1, dirs: {} };
}

export interface VerifyOptions {
  /** Holds the stamp cache; never inside the sources directory. */
  cacheDir: string;
  /** Use this manifest instead of the directory's manifest.json / the shipped catalog. */
  manifest?: Manifest;
  /** Hash function (default sha256File); tests count calls. */
  hash?: (absPath: string) => Promise<string>;
  /** List files present in the directory but not in the manifest (default true). */
  listExtra?: boolean;
}

export interface VerifiedSources {
  dir: string;
  manifest: Manifest;
  /** True when the directory has no manifest.json and the shipped catalog describes it. */
  fromCatalog: boolean;
  /** Key of the compiled HTS index (see sourcesKey). */
  key: string;
  /** Files present in the directory but not in the manifest: reported, never used. */
  extra: string[];
  /** How many files were hashed (0 on a warm start). */
  hashed: number;
}

async function walk(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(path.join(root, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const d of entries) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await walk(root, r)));
    else if (d.isFile()) out.push(r);
  }
  return out;
}

function isBookkeeping(rel: string): boolean {
  return rel === 'README.md' || rel === MANIFEST_FILE || rel.endsWith('.part') || /\.tmp-[^/]*$/.test(rel);
}

/**
 * Checks that every file of the manifest is present with its size and sha256. Throws a SourceError naming
 * the first file that is missing, truncated or changed. Files whose (size, mtime, inode) match the stamp
 * cache are not re-hashed.
 */
export async function verifySources(dir: string, opts: VerifyOptions): Promise<VerifiedSources> {
  const absDir = path.resolve(dir);
  const cacheDir = path.resolve(opts.cacheDir);
  const rel = path.relative(absDir, cacheDir);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new SourceError(`the cache directory ${cacheDir} must not be inside the sources directory ${absDir}`);
  }
  let dirStat;
  try {
    dirStat = await stat(absDir);
  } catch {
    throw new SourceError(`sources directory ${absDir} does not exist; run \`tariff sync --dest ${absDir}\``, {
      file: absDir,
    });
  }
  if (!dirStat.isDirectory()) throw new SourceError(`${absDir} is not a directory`, { file: absDir });

  const { manifest, fromCatalog } = opts.manifest
    ? { manifest: opts.manifest, fromCatalog: false }
    : await loadManifest(absDir);
  const hash = opts.hash ?? sha256File;
  const stamps = await readStamps(cacheDir);
  const old = stamps.dirs[absDir] ?? {};
  const fresh: Record<string, Stamp> = {};
  let hashed = 0;
  let changed = false;

  const stats = await Promise.all(
    manifest.files.map(async (f) => {
      try {
        return await stat(path.join(absDir, f.path));
      } catch {
        return undefined;
      }
    }),
  );
  for (const [i, f] of manifest.files.entries()) {
    const abs = path.join(absDir, f.path);
    const st = stats[i];
    if (!st || !st.isFile()) {
      throw new SourceError(`${f.path}: missing from ${absDir} (expected ${f.bytes} bytes, sha256 ${f.sha256})`, {
        file: f.path,
        expected: { bytes: f.bytes, sha256: f.sha256 },
      });
    }
    if (st.size !== f.bytes) {
      throw new SourceError(
        `${f.path}: size ${st.size} bytes, expected ${f.bytes} (${st.size < f.bytes ? 'truncated' : 'changed'}); ` +
          'run `tariff sync` to fetch it again',
        { file: f.path, expected: { bytes: f.bytes, sha256: f.sha256 }, actual: { bytes: st.size } },
      );
    }
    const s = old[f.path];
    let sha: string;
    if (s && s.size === st.size && s.mtimeMs === st.mtimeMs && s.ino === st.ino) {
      sha = s.sha256;
    } else {
      sha = await hash(abs);
      hashed++;
      changed = true;
    }
    fresh[f.path] = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, sha256: sha };
    if (sha !== f.sha256) {
      // Remember the actual hash anyway, so that a later start does not hash the same changed file again.
      stamps.dirs[absDir] = { ...old, ...fresh };
      await saveStamps(cacheDir, stamps).catch(() => undefined);
      throw new SourceError(
        `${f.path}: sha256 ${sha}, expected ${f.sha256} (same size ${st.size}, content changed); ` +
          'run `tariff sync` to fetch it again',
        { file: f.path, expected: { bytes: f.bytes, sha256: f.sha256 }, actual: { bytes: st.size, sha256: sha } },
      );
    }
  }
  if (changed || Object.keys(old).length !== Object.keys(fresh).length) {
    stamps.dirs[absDir] = fresh;
    await saveStamps(cacheDir, stamps).catch(() => undefined); // a read-only cache only costs speed
  }

  let extra: string[] = [];
  if (opts.listExtra !== false) {
    const known = new Set(manifest.files.map((f) => f.path));
    extra = (await walk(absDir)).filter((p) => !known.has(p) && !isBookkeeping(p)).sort();
  }
  return { dir: absDir, manifest, fromCatalog, key: sourcesKey(manifest), extra, hashed };
}

async function saveStamps(cacheDir: string, stamps: StampFile): Promise<void> {
  await writeFileAtomic(path.join(cacheDir, STAMPS_FILE), JSON.stringify(stamps));
}
