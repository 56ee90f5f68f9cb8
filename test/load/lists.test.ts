// Product lists declared in law/lists.yaml, read from the real sources directory.
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMatch, type ProductList } from '../../src/core/law/products.js';
import type { IsoDate } from '../../src/core/time/date.js';
import { resolveSourcesDir } from '../../src/sources/locate.js';
import { loadProductLists, parseCsv } from '../../src/load/lists.js';
import { ROOT } from '../helpers.js';

const LAW = path.join(ROOT, 'law');
const SOURCES = resolveSourcesDir({ env: process.env, cwd: ROOT }).dir;
const d = (s: string) => s as IsoDate;

let lists: Map<string, ProductList>;
const skipped: string[] = [];
let loadMs = 0;

beforeAll(() => {
  const t0 = performance.now();
  lists = loadProductLists(LAW, SOURCES, (m) => skipped.push(m));
  loadMs = performance.now() - t0;
});

function list(name: string): ProductList {
  const l = lists.get(name);
  if (!l) throw new Error(`no list ${name}`);
  return l;
}
const has = (name: string, hts: string, date: string) =>
  listMatch(list(name), hts.replace(/\D/g, ''), d(date)) !== null;

describe('law/lists.yaml', () => {
  it('loads every declared list, non-empty, quickly', () => {
    const names = [
      'annex-ii',
      's301/9903.88.01',
      's301/9903.88.15',
      's301/9903.91.01',
      's232/steel-articles',
      's232/aluminum-articles',
      's232/steel-derivatives',
      's232/aluminum-derivatives',
      's232/9903.81.91',
      's232/9903.85.08',
      's232/copper',
      's232/auto-parts',
      's232/mhd-parts',
      's232/semiconductors',
      's232/aircraft-taiwan',
      's232/pharma',
      's232/annex/1a/steel',
      'fentanyl/energy-ca',
      'fentanyl/potash-ca',
      'fentanyl/potash-mx',
      'brazil/exempt',
      's122/exempt',
      'floor/9903.02.74',
      's201/solar',
    ];
    for (const n of names) expect(lists.has(n), n).toBe(true);
    for (const l of lists.values()) {
      expect(l.entries.size, l.name).toBeGreaterThan(0);
      // Lists read from the sources say which compiled file; lists transcribed into law/lists/ say from where.
      // Lists read from the text of a note say which note and file.
      if (l.transcribedFrom) expect(l.transcribedFrom, l.name).toMatch(/@[0-9a-f]{7,}|chapter99_2026_rev_6/);
      else if (l.note?.includes('read from')) expect(l.note, l.name).toMatch(/usitc-ch99-notes\//);
      else expect(l.citation, l.name).toMatch(/via reference-yale\//);
      // Every list names the note that defines it, or says it is not the law.
      expect(!!l.note || !!l.comparisonOnly, `${l.name} has a note`).toBe(true);
    }
    // Every ch99 heading of the Section 301 file has its list.
    const rows = parseCsv(readFileSync(path.join(SOURCES, 'reference-yale/s301_product_lists.csv'), 'utf8'));
    for (const h of new Set(rows.slice(1).map((r) => r[2]))) expect(lists.has(`s301/${h}`), `s301/${h}`).toBe(true);
    console.log(`${lists.size} product lists loaded in ${loadMs.toFixed(0)} ms`);
  });

  it('skips only the known malformed code (12 digits in ieepa_exempt_products.csv)', () => {
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/annex-ii.*850511007000/);
  });

  it('annex-ii: dated entries', () => {
    expect(has('annex-ii', '3004.90.92.80', '2025-08-20')).toBe(true);
    expect(has('annex-ii', '3004.90.92.80', '2025-04-04')).toBe(false); // before the reciprocal tariff
    expect(has('annex-ii', '0803.90.00.35', '2025-11-13')).toBe(true);
    expect(has('annex-ii', '0803.90.00.35', '2025-11-01')).toBe(false);
    // End dates in the file are inclusive: 2818300000 is listed until 2025-09-07, off from 2025-09-08.
    expect(has('annex-ii', '2818300000', '2025-09-07')).toBe(true);
    expect(has('annex-ii', '2818300000', '2025-09-08')).toBe(false);
  });

  it('s301, s232, brazil, fentanyl samples', () => {
    expect(has('s301/9903.88.15', '6109.10.00.12', '2025-06-01')).toBe(true);
    expect(has('s301/9903.88.01', '6109.10.00.12', '2025-06-01')).toBe(false);
    // 8302.41.60: steel derivative from 2025-08-18 (FR 2025-15819); aluminum derivative from 2025-03-12.
    expect(has('s232/steel-derivatives', '8302.41.60.15', '2025-08-18')).toBe(true);
    expect(has('s232/steel-derivatives', '8302.41.60.15', '2025-08-10')).toBe(false);
    expect(has('s232/aluminum-derivatives', '8302.41.60.15', '2025-08-10')).toBe(true);
    expect(has('s232/aluminum-derivatives', '8302.41.60.15', '2025-03-11')).toBe(false);
    expect(has('s232/steel-articles', '7208.10.15.00', '2025-01-01')).toBe(true);
    expect(has('brazil/exempt', '2009.12.45.00', '2025-09-01')).toBe(true);
    expect(has('brazil/exempt', '2009.12.45.00', '2025-08-05')).toBe(false);
    expect(has('s122/exempt', '0201.10.05.00', '2026-02-24')).toBe(true);
    expect(has('s122/exempt', '0201.10.05.00', '2026-02-23')).toBe(false);
    // Framework lists carry no dates: the records give the legal (retroactive) window, the file only the publication.
    expect(has('floor/9903.02.84', '0106.14.00.00', '2025-12-31')).toBe(true);
    expect(has('floor/9903.02.84', '0106.14.00.00', '2026-01-01')).toBe(true);
    expect(list('fentanyl/energy-ca').entries.size).toBeGreaterThan(100);
  });

  it('data health: every code is a code prefix of the 2025 basic or the 2026 rev 10 HTS', () => {
    const known = new Set<string>();
    for (const f of ['hts_2026_rev_10', 'hts_2025_basic']) {
      const rows = JSON.parse(
        gunzipSync(readFileSync(path.join(SOURCES, 'usitc-hts', `${f}.json.gz`))).toString('utf8'),
      ) as { htsno?: string | null }[];
      for (const r of rows) {
        const c = (r.htsno ?? '').replace(/\D/g, '');
        for (let k = 2; k <= c.length; k++) known.add(c.slice(0, k));
      }
    }
    // The tracker writes an HTS8 article without statistical lines (or the HTS8 row itself) as HTS8 + "00";
    // such a code is accepted when its 8 digits are known.
    const isKnown = (c: string) => known.has(c) || (c.length === 10 && c.endsWith('00') && known.has(c.slice(0, 8)));
    const unknown: Record<string, string[]> = {};
    for (const l of lists.values()) {
      // Notes printed after the sources' last revision may name statistical numbers created later (e.g. the
      // 2026-07-01 breakouts, the Rev 20 pharmaceutical splits): a new 10-digit number under a known subheading.
      const later = (c: string) => !!l.transcribedFrom && c.length === 10 && known.has(c.slice(0, 8));
      const u = [...l.entries.keys()].filter((c) => !isKnown(c) && !later(c));
      if (u.length) unknown[l.name] = u;
    }
    for (const [n, u] of Object.entries(unknown))
      console.log(`codes of ${n} in neither revision (${u.length}): ${u.join(' ')}`);
    // Allowed: Section 301 lists 3 and 4B reproduce the HTS of 2018-2019, whose codes were since renumbered;
    // 7302.90.00 (aluminum derivative, 9903.85.08) is listed as published in FR 2025-15819 but is not an HTS8 code.
    const allowed: Record<string, number> = {
      's301/9903.88.03': 24,
      's301/9903.88.16': 81,
      's232/aluminum-derivatives': 1,
      's232/9903.85.08': 1,
    };
    for (const [n, u] of Object.entries(unknown)) expect(u.length, n).toBeLessThanOrEqual(allowed[n] ?? 0);
  });
});

describe('loadProductLists errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lists-'));
    writeFileSync(path.join(dir, 'a.csv'), '# comment\nhts8,"cat, x"\n"0101.21.00","a, b"\nNA,x\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (yaml: string) => {
    writeFileSync(path.join(dir, 'lists.yaml'), yaml);
    return () => loadProductLists(dir, dir, () => {});
  };
  const decl = (extra: string) =>
    `- name: t/x\n  title: T\n  note: "37(b)"\n  citation: C via reference-yale/a.csv\n  format: csv\n${extra}`;

  it('reads quoted fields and comments', () => {
    const m = run(decl('  source: a.csv\n  code: hts8\n  where: { "cat, x": "a, b" }\n'))();
    expect([...m.get('t/x')!.entries.keys()]).toEqual(['01012100']);
  });
  it('names the list and the key of a bad declaration', () => {
    expect(run(decl('  source: a.csv\n  code: hts8\n  colour: red\n'))).toThrow(/lists\.yaml: list "t\/x": colour/);
    expect(run(decl('  source: a.csv\n  code: hts8\n  fixedFrom: 2025-13-01\n'))).toThrow(/list "t\/x": fixedFrom/);
  });
  it('names the list and the file when a file or column is missing or the list is empty', () => {
    expect(run(decl('  source: nope.csv\n  code: hts8\n'))).toThrow(/list "t\/x", file nope\.csv: file not found/);
    expect(run(decl('  source: a.csv\n  code: hts10\n'))).toThrow(/list "t\/x", file a\.csv: code column "hts10"/);
    expect(run(decl('  source: a.csv\n  code: hts8\n  where: { hts8: "1" }\n'))).toThrow(
      /list "t\/x", file a\.csv: no codes/,
    );
  });
});
