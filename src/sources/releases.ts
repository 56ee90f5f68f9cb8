// The USITC HTS as it is served today (2026): the release list and the current release only. The static JSON files
// of past revisions answer 403 and `exportList` ignores any release parameter, so a revision's JSON can be taken
// only while that revision is current; its change record (a PDF) stays available for every release. This step of
// `tariff sync` asks for the release list, takes the current release's JSON and change record when they are not
// held yet, and returns their manifest entries: kept for good, since they can never be fetched again.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { compareRevisionIds, changeRecordFileFor, usitcRelease } from '../core/hts/revision.js';
import { writeFileAtomic } from './manifest.js';
import { convertPdf } from './sync.js';
import type { ManifestEntry } from './types.js';

export const USITC_BASE = 'https://hts.usitc.gov';
/** The whole schedule: `to=9900` would leave out chapter 99; `from=0101` starts at the first heading. */
const EXPORT_QUERY = 'from=0101&to=9999.99.99&format=JSON&styles=false';

export interface Release {
  /** USITC name, e.g. 2026HTSRev21. */
  name: string;
  /** tariff's revision id, e.g. 2026_rev_21. */
  id: string;
  /** "current" for the release served now. */
  status: string;
  /** When the release became current (YYYY-MM-DD), if the list says. */
  released?: string;
}

export interface ReleaseSyncOptions {
  dest: string;
  /** Scheme and host of the USITC HTS service (a local server in tests). */
  base?: string;
  /** Revisions the sources directory holds already (hts-json entries of its manifest). */
  held: string[];
  /** Revisions whose change record the directory holds. */
  heldChangeRecords: string[];
  fetch?: typeof fetch;
  pdftotext?: string;
  timeoutMs?: number;
  now?: () => Date;
  onProgress?: (message: string) => void;
}

export interface ReleaseSyncSummary {
  /** The current release (tariff id), or null when the list could not be read. */
  current: string | null;
  /** Manifest entries of the files fetched now (JSON and change records). */
  entries: ManifestEntry[];
  fetched: string[];
  /** Releases published after the last one held and before the current one: their JSON cannot be fetched any more. */
  missed: Release[];
  failed: { what: string; reason: string }[];
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** '2026HTSRev21' -> '2026_rev_21', '2026HTSBasic' -> '2026_basic'; other names (old corrections) -> null. */
export function revisionIdOfRelease(name: string): string | null {
  const m = /^(\d{4})HTS(Basic|Rev(\d+))$/.exec(name);
  if (!m) return null;
  return m[2] === 'Basic' ? `${m[1]}_basic` : `${m[1]}_rev_${Number(m[3])}`;
}

/** '09/28/2026' -> '2026-09-28'. */
function isoOf(usDate: unknown): string | undefined {
  const m = typeof usDate === 'string' ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(usDate) : null;
  return m ? `${m[3]}-${m[1]}-${m[2]}` : undefined;
}

async function get(fetchFn: typeof fetch, url: string, timeoutMs: number): Promise<Response> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      headers: { 'user-agent': 'tariff-sync (https://github.com/; the open-source US tariff engine)' },
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new Error(`network error at ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(
      `HTTP ${res.status} from ${url}` +
        (res.status === 403 ? ' (the USITC refuses the request: it serves only the current release)' : ''),
    );
  }
  return res;
}

/** The release list, oldest first, limited to the HTS editions and revisions tariff can read. */
export async function fetchReleaseList(fetchFn: typeof fetch, base: string, timeoutMs = 60_000): Promise<Release[]> {
  const url = `${base.replace(/\/+$/, '')}/reststop/releaseList`;
  const body: unknown = await (await get(fetchFn, url, timeoutMs)).json().catch(() => {
    throw new Error(`${url} did not answer JSON`);
  });
  if (!Array.isArray(body)) throw new Error(`${url} did not answer a list of releases`);
  const out: Release[] = [];
  for (const r of body as Record<string, unknown>[]) {
    const name = typeof r?.['name'] === 'string' ? r['name'] : '';
    const id = revisionIdOfRelease(name);
    if (!id) continue;
    const released = isoOf(r['releaseStartDate']) ?? isoOf(r['date']);
    out.push({ name, id, status: String(r['status'] ?? ''), ...(released ? { released } : {}) });
  }
  return out.sort((a, b) => compareRevisionIds(a.id, b.id));
}

async function currentName(fetchFn: typeof fetch, base: string, timeoutMs: number): Promise<string | null> {
  try {
    const body = (await (await get(fetchFn, `${base}/reststop/currentRelease`, timeoutMs)).json()) as {
      name?: unknown;
    };
    return typeof body?.name === 'string' ? body.name : null;
  } catch {
    return null;
  }
}

/** Takes the current release's JSON from exportList, checked to be the release named before and after. */
async function fetchCurrentJson(
  o: Required<Pick<ReleaseSyncOptions, 'dest' | 'base' | 'timeoutMs'>> & { fetchFn: typeof fetch; now: () => Date },
  release: Release,
): Promise<ManifestEntry> {
  const url = `${o.base}/reststop/exportList?${EXPORT_QUERY}`;
  const before = await currentName(o.fetchFn, o.base, o.timeoutMs);
  if (before !== null && before !== release.name)
    throw new Error(`the release list names ${release.name} current, currentRelease ${before}: run sync again`);
  const raw = new Uint8Array(await (await get(o.fetchFn, url, o.timeoutMs)).arrayBuffer());
  let rows: unknown;
  try {
    rows = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    throw new Error(`${url} did not answer JSON`);
  }
  if (!Array.isArray(rows) || rows.length < 1000 || !rows.some((r) => typeof r?.htsno === 'string'))
    throw new Error(`${url} did not answer an HTS (a list of rows with htsno), got ${raw.length} bytes`);
  if (!rows.some((r) => typeof r?.htsno === 'string' && r.htsno.startsWith('9903.')))
    throw new Error(`${url} answered an HTS without chapter 99: not installed`);
  // The release may turn over during the download: the JSON is kept only if the same release is current after.
  const after = await currentName(o.fetchFn, o.base, o.timeoutMs);
  if (after !== null && after !== release.name)
    throw new Error(`the current release changed from ${release.name} to ${after} during the download: run sync again`);
  const gz = gzipSync(raw, { level: 9 });
  const rel = `usitc-hts/hts_${release.id}.json.gz`;
  await writeFileAtomic(path.join(o.dest, rel), gz);
  return {
    path: rel,
    bytes: gz.length,
    sha256: sha256(gz),
    contentSha256: sha256(raw),
    contentBytes: raw.length,
    kind: 'hts-json',
    revision: release.id,
    origin: url,
    convert: 'gzip',
    retrieved: o.now().toISOString(),
    ...(release.released ? { released: release.released } : {}),
    note:
      `${release.name}, taken from exportList while it was the current release: the USITC serves no other ` +
      'release, so this file cannot be fetched again once a newer revision is current',
  };
}

async function fetchChangeRecord(
  o: Required<Pick<ReleaseSyncOptions, 'dest' | 'base' | 'timeoutMs' | 'pdftotext'>> & {
    fetchFn: typeof fetch;
    now: () => Date;
  },
  release: Release,
): Promise<ManifestEntry> {
  const url = `${o.base}/reststop/file?release=${encodeURIComponent(release.name)}&filename=${encodeURIComponent('Change Record')}`;
  const pdf = new Uint8Array(await (await get(o.fetchFn, url, o.timeoutMs)).arrayBuffer());
  // An unknown release is answered with an HTML page and status 200.
  if (Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-')
    throw new Error(`${url} did not answer a PDF (${pdf.length} bytes): no change record for ${release.name}`);
  const rel = `usitc-change-records/${changeRecordFileFor(release.id)}`;
  const final = path.join(o.dest, rel);
  const text = await convertPdf(o.pdftotext, pdf, final);
  return {
    path: rel,
    bytes: text.bytes,
    sha256: text.sha256,
    kind: 'change-record',
    revision: release.id,
    origin: url,
    convert: 'pdftotext-layout',
    retrieved: o.now().toISOString(),
  };
}

/**
 * Brings the sources directory up to the USITC's current release: its JSON (if not held) and its change record
 * (if not held), plus the change record of any held revision that lacks one. Reports the releases missed for good.
 */
export async function syncReleases(opts: ReleaseSyncOptions): Promise<ReleaseSyncSummary> {
  const o = {
    base: (opts.base ?? USITC_BASE).replace(/\/+$/, ''),
    timeoutMs: opts.timeoutMs ?? 600_000,
    pdftotext: opts.pdftotext ?? 'pdftotext',
    dest: opts.dest,
    fetchFn: opts.fetch ?? fetch,
    now: opts.now ?? (() => new Date()),
  };
  const say = opts.onProgress ?? (() => undefined);
  const summary: ReleaseSyncSummary = { current: null, entries: [], fetched: [], missed: [], failed: [] };
  let releases: Release[];
  try {
    releases = await fetchReleaseList(o.fetchFn, o.base, Math.min(o.timeoutMs, 60_000));
  } catch (e) {
    summary.failed.push({ what: 'release list', reason: (e as Error).message });
    return summary;
  }
  const current = releases.find((r) => r.status === 'current') ?? null;
  if (!current) {
    summary.failed.push({ what: 'release list', reason: 'no release is marked current' });
    return summary;
  }
  summary.current = current.id;
  const held = new Set(opts.held);
  const lastHeld = [...held].sort(compareRevisionIds).pop();
  summary.missed = releases.filter(
    (r) =>
      !held.has(r.id) &&
      r.id !== current.id &&
      (!lastHeld || compareRevisionIds(r.id, lastHeld) > 0) &&
      compareRevisionIds(r.id, current.id) < 0,
  );
  if (!held.has(current.id)) {
    say(`fetching ${current.name} (the current release) from exportList`);
    try {
      const e = await fetchCurrentJson(o, current);
      summary.entries.push(e);
      summary.fetched.push(e.path);
      held.add(current.id);
    } catch (err) {
      summary.failed.push({ what: `${current.name} JSON`, reason: (err as Error).message });
    }
  }
  // Change records: of the current release, and of every held revision without one (they stay available).
  const wanted = releases.filter((r) => held.has(r.id) && !opts.heldChangeRecords.includes(r.id));
  for (const r of wanted) {
    say(`fetching the change record of ${usitcRelease(r.id)}`);
    try {
      const e = await fetchChangeRecord(o, r);
      summary.entries.push(e);
      summary.fetched.push(e.path);
    } catch (err) {
      summary.failed.push({ what: `${r.name} change record`, reason: (err as Error).message });
    }
  }
  return summary;
}

/** The plain words for releases that can no longer be fetched. */
export function missedExplanation(missed: Release[]): string | null {
  if (!missed.length) return null;
  const names =
    missed.length > 3
      ? `${missed[0]!.name} .. ${missed[missed.length - 1]!.name}`
      : missed.map((r) => r.name).join(', ');
  return (
    `${missed.length} revision${missed.length > 1 ? 's' : ''} (${names}) came out after the last one these sources ` +
    'hold and before the current one: the USITC serves the JSON of the current release only, so they cannot be ' +
    'fetched any more. Quotes for their dates use the last earlier revision held and the law records; run ' +
    '`tariff sync` at least once per revision to keep every one.'
  );
}
