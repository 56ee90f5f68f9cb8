// Builds the catalog (names, sizes, hashes and official URLs; never contents) from a reference sources directory.
// Run: npx vite-node scripts/make-catalog.ts [SOURCES_DIR] [OUT_JSON]
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Catalog, CatalogEntry } from './types.js';
import { revisionIdFromChangeRecord, revisionIdFromHtsFile, usitcRelease } from '../core/hts/revision.js';

const USITC_HTS_JSON = 'https://www.usitc.gov/sites/default/files/tata/hts/';
const USITC_RESTSTOP = 'https://hts.usitc.gov/reststop/file';
const YALE_RAW = 'https://raw.githubusercontent.com/Budget-Lab-Yale/tariff-rate-tracker/main/';

/** Paths in Budget-Lab-Yale/tariff-rate-tracker, found in an index of the repository (not fetched). */
const YALE_PATHS: Record<string, string> = {
  'hs10_gtap_crosswalk.csv': 'resources/hs10_gtap_crosswalk.csv',
  'ieepa_exempt_products.csv': 'resources/ieepa_exempt_products.csv',
  's122_exempt_products.csv': 'resources/s122_exempt_products.csv',
  's232_annex_products.csv': 'resources/s232_annex_products.csv',
  's232_copper_products.csv': 'resources/s232_copper_products.csv',
  's232_derivative_products.csv': 'resources/s232_derivative_products.csv',
  's301_brazil_exempt_products.csv': 'resources/s301_brazil_exempt_products.csv',
  's301_product_lists.csv': 'resources/s301_product_lists.csv',
  'semi_qualifying_shares.csv': 'resources/semi_qualifying_shares.csv',
  'revision_dates.csv': 'config/revision_dates.csv',
  'docs/assumptions.md': 'docs/assumptions.md',
  'docs/authority_spec.md': 'docs/authority_spec.md',
  'docs/methodology.md': 'docs/methodology.md',
  'docs/policy_timing.md': 'docs/policy_timing.md',
  'docs/statutory_deviations.md': 'docs/statutory_deviations.md',
  'docs/weights.md': 'docs/weights.md',
};

/** Federal Register documents and annexes: where the PDF each text was made from is published. */
const FEDERAL_REGISTER: Record<string, { origin: string; note?: string }> = {
  '2025-15819.txt': {
    origin: 'https://www.govinfo.gov/content/pkg/FR-2025-08-19/pdf/2025-15819.pdf',
    note: '90 FR 40326 (2025-08-19), BIS: Section 232 steel and aluminum inclusions; https://www.federalregister.gov/documents/2025/08/19/2025-15819',
  },
  '2025-23316.txt': {
    origin: 'https://www.govinfo.gov/content/pkg/FR-2025-12-18/pdf/2025-23316.pdf',
    note: '90 FR 59281 (2025-12-18), US-Switzerland-Liechtenstein framework; https://www.federalregister.gov/documents/2025/12/18/2025-23316',
  },
  'Metals-ANNEXES-I-A-I-B-II-III-IV.txt': {
    origin: 'https://www.whitehouse.gov/wp-content/uploads/2026/04/Metals-ANNEXES-I-A-I-B-II-III-IV.pdf',
    note: 'Annexes of the April 2026 Section 232 metals proclamation, as published on whitehouse.gov',
  },
  'brazil_eo_nov2025_annexes.txt': {
    origin: 'https://www.whitehouse.gov/wp-content/uploads/2025/11/2025NovemberBrazilTariff.ANNEXES.pdf',
    note: 'Annexes of the November 20, 2025 order modifying the scope of EO 14323 (Brazil), as published on whitehouse.gov',
  },
};

export function htsJsonUrl(revision: string): string {
  const m = /^(\d{4})_(basic|rev_(\d+))$/.exec(revision);
  if (!m) throw new Error(`not an HTS revision id: ${revision}`);
  return m[2] === 'basic'
    ? `${USITC_HTS_JSON}hts_${m[1]}_basic_edition_json.json`
    : `${USITC_HTS_JSON}hts_${m[1]}_revision_${m[3]}_json.json`;
}

export function reststopUrl(revision: string, filename: string): string {
  return `${USITC_RESTSTOP}?release=${usitcRelease(revision)}&filename=${encodeURIComponent(filename)}`;
}

type Described = Pick<CatalogEntry, 'kind' | 'origin'> & Partial<Pick<CatalogEntry, 'revision' | 'convert' | 'note'>>;

/** Kind, revision, origin and conversion of a file, from its path in the sources directory. */
export function describe(rel: string): Described | undefined {
  const [top, ...rest] = rel.split('/');
  const name = rest.join('/');
  switch (top) {
    case 'usitc-hts': {
      const revision = revisionIdFromHtsFile(name) ?? undefined;
      if (!revision) return undefined;
      return { kind: 'hts-json', revision, origin: htsJsonUrl(revision), convert: 'gzip' };
    }
    case 'usitc-change-records': {
      const revision = revisionIdFromChangeRecord(name) ?? undefined;
      if (!revision) return undefined;
      return {
        kind: 'change-record',
        revision,
        origin: reststopUrl(revision, 'Change Record'),
        convert: 'pdftotext-layout',
      };
    }
    case 'usitc-ch99-notes': {
      const m = /^chapter99_(\d{4}_(?:basic|rev_\d+))\.txt$/.exec(name);
      if (!m?.[1]) return undefined;
      return {
        kind: 'ch99-notes',
        revision: m[1],
        origin: reststopUrl(m[1], 'Chapter 99'),
        convert: 'pdftotext-layout',
      };
    }
    case 'federal-register': {
      const fr = FEDERAL_REGISTER[name];
      return fr
        ? {
            kind: 'federal-register',
            origin: fr.origin,
            convert: 'pdftotext-layout',
            ...(fr.note ? { note: fr.note } : {}),
          }
        : { kind: 'federal-register', origin: null, convert: 'pdftotext-layout', note: 'official URL not known' };
    }
    case 'reference-yale': {
      const p = YALE_PATHS[name];
      if (p) return { kind: 'reference', origin: YALE_RAW + p };
      return {
        kind: 'reference',
        origin: null,
        note:
          'not found in the indexed copy of Budget-Lab-Yale/tariff-rate-tracker; ' +
          `perhaps ${YALE_RAW}${name === 'LICENSE' ? 'LICENSE' : name.includes('/') ? name : 'resources/' + name} (unverified)`,
      };
    }
    default:
      return undefined;
  }
}

async function hashStream(stream: NodeJS.ReadableStream): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    bytes += b.length;
    h.update(b);
  }
  return { sha256: h.digest('hex'), bytes };
}

async function walk(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await walk(root, r)));
    else if (d.isFile()) out.push(r);
  }
  return out;
}

/** Files of a sources directory that are not sources themselves. */
export function isBookkeeping(rel: string): boolean {
  return rel === 'README.md' || rel === 'manifest.json' || rel.endsWith('.part') || /\.tmp-[^/]*$/.test(rel);
}

export async function makeCatalog(dir: string, now: Date = new Date()): Promise<Catalog> {
  const files: CatalogEntry[] = [];
  const unknown: string[] = [];
  for (const rel of (await walk(dir)).sort()) {
    if (isBookkeeping(rel)) continue;
    const d = describe(rel);
    if (!d) {
      unknown.push(rel);
      continue;
    }
    const abs = path.join(dir, rel);
    const st = await stat(abs);
    const stored = await hashStream(createReadStream(abs));
    let content: { sha256: string; bytes: number } | undefined;
    if (d.convert === 'gzip') content = await hashStream(createReadStream(abs).pipe(createGunzip()));
    const entry: CatalogEntry = {
      path: rel,
      bytes: st.size,
      sha256: stored.sha256,
      ...(content ? { contentSha256: content.sha256, contentBytes: content.bytes } : {}),
      kind: d.kind,
      ...(d.revision ? { revision: d.revision } : {}),
      origin: d.origin,
      ...(d.convert ? { convert: d.convert } : {}),
      ...(d.note ? { note: d.note } : {}),
    };
    files.push(entry);
  }
  if (unknown.length) throw new Error(`files of unknown kind in ${dir}: ${unknown.join(', ')}`);
  return { version: 1, generated: now.toISOString(), files };
}
