// The rate matrix: every HTS-10 line x every country with a Census code on one date. Rows computed once per class
// of countries must equal direct quotes, and the known rates of the cotton T-shirt must come out.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realContext, tariff } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import {
  MATRIX_COLUMNS,
  countryClasses,
  matrixCountries,
  hts10Of,
  matrixLines,
  parseChapters,
  writeMatrix,
  type MatrixCountry,
} from '../../src/analytics/matrix.js';
import { quote } from '../../src/core/evaluate/quote.js';
import type { Mode } from '../../src/core/evaluate/entry.js';
import type { Law } from '../../src/core/law/types.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import type { IsoDate } from '../../src/core/time/date.js';

let schedule: Schedule;
let law: Law;
let countries: MatrixCountry[];
const dir = mkdtempSync(join(tmpdir(), 'tariff-matrix-'));

beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
  countries = matrixCountries(law);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = Record<(typeof MATRIX_COLUMNS)[number], string>;

function parseRow(line: string): Row {
  // The note is the only field that may be quoted; it is last.
  const cells = line.split(',');
  const head = cells.slice(0, MATRIX_COLUMNS.length - 1);
  const note = cells.slice(MATRIX_COLUMNS.length - 1).join(',');
  return Object.fromEntries([...head, note].map((v, i) => [MATRIX_COLUMNS[i], v])) as Row;
}

/** Runs the matrix and keeps the rows of the wanted (hts, country) pairs; counts all rows. */
async function collect(
  date: string,
  opts: { chapters?: Set<number>; lines?: string[]; mode?: Mode },
  want?: Set<string>,
) {
  const rows = new Map<string, Row>();
  let count = 0;
  let header = '';
  const stats = await writeMatrix(schedule, law, { date: date as IsoDate, ...opts }, (chunk) => {
    expect(chunk.endsWith('\n')).toBe(true); // whole rows only
    for (const line of chunk.split('\n')) {
      if (!line) continue;
      if (!header) {
        header = line;
        continue;
      }
      count++;
      const key = line.slice(0, 13);
      if (!want || want.has(key)) rows.set(key, parseRow(line));
    }
  });
  return { rows, count, header, stats };
}

/** The expected matrix row, computed here from a direct quote (independently of the matrix code). */
function expected(hts: string, country: string, date: string, mode: Mode = 'legal') {
  const q = quote(schedule, law, { hts, country, date: date as IsoDate, mode }, { trace: false });
  if (q.kind !== 'quote') return { kind: q.kind };
  const by: Record<string, number> = {};
  let mfn: number | null = null;
  for (const c of q.components) {
    if (c.authority === 'mfn') mfn = c.adValorem;
    else by[c.authority] = (by[c.authority] ?? 0) + (c.adValorem ?? NaN);
  }
  const additional = Object.values(by).reduce((a, b) => a + b, 0);
  return { kind: q.kind, mfn, total: q.totalAdValorem, additional, by };
}

function num(s: string): number | null {
  return s === '' ? null : Number(s);
}

function expectSame(row: Row, hts: string, country: string, date: string, mode: Mode = 'legal') {
  const e = expected(hts, country, date, mode);
  const where = `${hts} x ${country} on ${date}`;
  if (e.kind !== 'quote') {
    expect(row.total_pct, where).toBe('');
    expect(row.note, where).not.toBe('');
    return;
  }
  expect(row.note, where).toBe('');
  expect(num(row.mfn_pct), where).toBe(e.mfn === null ? null : e.mfn);
  if (e.total === null) expect(row.total_pct, where).toBe('');
  else expect(num(row.total_pct)!, where).toBeCloseTo(e.total, 6);
  expect(num(row.additional_pct)!, where).toBeCloseTo(e.additional!, 6);
  for (const a of [
    's232',
    's301',
    's201',
    's122',
    'ieepa_fentanyl',
    'ieepa_reciprocal',
    'ieepa_other',
    'other',
  ] as const)
    expect(num(row[a])!, `${where} ${a}`).toBeCloseTo(e.by![a] ?? 0, 6);
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('matrix', () => {
  it('has the 237 countries with a Census code but the United States (Gaza and West Bank share ISO PS, which has none)', () => {
    expect(countries.length).toBe(237);
    expect(countries.some((c) => c.code === 'US')).toBe(false);
    expect(countries.find((c) => c.code === 'CN')?.census).toBe('5700');
  });

  it('on 2025-04-10 gives the known rates of a cotton T-shirt (6109.10.0012)', async () => {
    const { rows, header } = await collect('2025-04-10', { chapters: new Set([61]) });
    expect(header).toBe(MATRIX_COLUMNS.join(','));
    const cn = rows.get('6109100012,CN')!;
    expect(num(cn.total_pct)).toBe(169);
    expect(num(cn.additional_pct)).toBe(152.5);
    expect(num(cn.mfn_pct)).toBe(16.5);
    expect(num(cn.s301)).toBe(7.5);
    expect(num(cn.ieepa_fentanyl)).toBe(20);
    expect(num(cn.ieepa_reciprocal)).toBe(125);
    expect(cn.census).toBe('5700');
    expect(num(rows.get('6109100012,JP')!.total_pct)).toBe(26.5);
    expect(num(rows.get('6109100012,DE')!.total_pct)).toBe(26.5);
    const ru = rows.get('6109100012,RU')!;
    // Column 2 (general note 3(b)): 90%, and no reciprocal duty.
    expect(num(ru.total_pct)).toBe(90);
    expect(num(ru.mfn_pct)).toBe(90);
    expect(num(ru.additional_pct)).toBe(0);
    expect(num(ru.ieepa_reciprocal)).toBe(0);
  });

  it('on 2025-04-10 has one row per line x country, and 50 random rows equal direct quotes', async () => {
    const date = '2025-04-10';
    const codes = matrixLines(schedule, schedule.revisionAt(date as IsoDate));
    expect(codes.length).toBeGreaterThan(19_000);
    expect(codes.every((l) => (l.length === 10 || l.length === 8) && Number(l.slice(0, 2)) <= 97)).toBe(true);
    // 8-digit lines without statistical suffixes (watches of 9101, ...) are rows too, under their 10 digits.
    expect(codes).toContain('91011140');
    const lines = codes.map(hts10Of);
    const rnd = random(20250410);
    const sample: [string, string][] = [];
    for (let i = 0; i < 50; i++)
      sample.push([lines[Math.floor(rnd() * lines.length)]!, countries[Math.floor(rnd() * countries.length)]!.code]);
    // Always some of the countries that the law treats apart.
    for (const c of ['CN', 'HK', 'CA', 'MX', 'RU']) sample.push(['6109100012', c], ['7208101500', c]);
    const want = new Set(sample.map(([h, c]) => `${h},${c}`));
    const { rows, count, stats } = await collect(date, {}, want);
    expect(count).toBe(lines.length * countries.length);
    expect(stats.rows).toBe(count);
    expect(stats.quotes).toBeLessThan(count / 100); // the classes do their work
    for (const [h, c] of sample) expectSame(rows.get(`${h},${c}`)!, h, c, date);
  }, 120_000);

  it('on 2025-08-20 every country class gets the rates of a direct quote, on 40 random lines', async () => {
    const date = '2025-08-20';
    const cc = countryClasses(law, date as IsoDate);
    expect(cc.classes.length).toBeGreaterThan(20); // country-specific reciprocal rates, floors, Brazil, India
    expect(cc.classes.reduce((n, c) => n + c.countries.length, 0)).toBe(countries.length);
    const all = matrixLines(schedule, schedule.revisionAt(date as IsoDate)).map(hts10Of);
    const rnd = random(20250820);
    const lines = [...new Set(Array.from({ length: 40 }, () => all[Math.floor(rnd() * all.length)]!))];
    lines.push('6109100012', '7208101500', '8703230170', '7403110000');
    const pairs = lines.flatMap((h) =>
      cc.classes.map((k) => [h, k.countries[Math.floor(rnd() * k.countries.length)]!] as const),
    );
    const { rows, count } = await collect(date, { lines }, new Set(pairs.map(([h, c]) => `${h},${c}`)));
    expect(count).toBe(lines.length * countries.length);
    for (const [h, c] of pairs) expectSame(rows.get(`${h},${c}`)!, h, c, date);
  }, 120_000);

  it('as published, on 2025-04-10 rows equal direct quotes as published', async () => {
    const date = '2025-04-10';
    const lines = ['6109100012', '7208101500', '8471300100', '0201100510'];
    const cc = countryClasses(law, date as IsoDate, 'as-published');
    const pairs = lines.flatMap((h) => cc.classes.map((k) => [h, k.countries[0]!] as const));
    const { rows } = await collect(date, { lines, mode: 'as-published' });
    for (const [h, c] of pairs) expectSame(rows.get(`${h},${c}`)!, h, c, date, 'as-published');
  });

  it('groups countries that the law treats alike', () => {
    const cc = countryClasses(law, '2025-04-10' as IsoDate);
    const classOf = (code: string) => cc.classOf[countries.findIndex((c) => c.code === code)];
    expect(classOf('DE')).toBe(classOf('FR'));
    expect(classOf('DE')).toBe(classOf('JP')); // the 10% of the 90-day pause
    expect(classOf('CU')).toBe(classOf('BY')); // column 2
    expect(classOf('RU')).not.toBe(classOf('BY')); // column 2, and the 200% on Russian aluminum
    expect(classOf('RU')).not.toBe(classOf('DE'));
    expect(classOf('CN')).not.toBe(classOf('HK')); // Section 301 is China's only
    expect(classOf('CA')).not.toBe(classOf('MX'));
    expect(cc.classes[classOf('RU')!]!.column2).toBe(true);
  });

  it('leaves the column 1 rate empty where a specific rate has no ad valorem equivalent, and still gives the additional', async () => {
    const date = '2025-04-10';
    const rev = schedule.revisionAt(date as IsoDate);
    const specific = matrixLines(schedule, rev, new Set([2, 22])).find((h) => {
      const q = expected(h, 'DE', date);
      return q.kind === 'quote' && q.mfn === null;
    })!;
    expect(specific).toBeDefined();
    const { rows } = await collect(date, { lines: [specific] });
    const de = rows.get(`${specific},DE`)!;
    expect(de.mfn_pct).toBe('');
    expect(de.total_pct).toBe('');
    expect(num(de.additional_pct)).toBe(10);
    expectSame(de, specific, 'DE', date);
  });

  it('parses chapter lists', () => {
    expect([...parseChapters('1-3,61')!]).toEqual([1, 2, 3, 61]);
    expect(parseChapters('98')).toBeNull();
    expect(parseChapters('5-2')).toBeNull();
    expect(parseChapters('x')).toBeNull();
  });
});

describe('tariff matrix', () => {
  it('writes a CSV file atomically (no temporary file left) with one row per line x country', async () => {
    const file = join(dir, 'out', 'matrix.csv');
    const r = await tariff(['matrix', '--date', '2025-04-10', '--chapters', '61', '--output', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/237 countries/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['matrix.csv']);
    const text = readFileSync(file, 'utf8');
    const rows = text.trimEnd().split('\n');
    expect(rows[0]).toBe(MATRIX_COLUMNS.join(','));
    const lines = matrixLines(schedule, schedule.revisionAt('2025-04-10' as IsoDate), new Set([61]));
    expect(rows.length - 1).toBe(lines.length * countries.length);
    expect(rows).toContain('6109100012,CN,5700,16.5,152.5,169,0,7.5,0,0,0,20,125,0,0,');
  });

  it('writes to stdout with --output -', async () => {
    const r = await tariff(['matrix', '--date', '2025-04-10', '--chapters', '61', '--output', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(MATRIX_COLUMNS.join(','));
    expect(r.stdout).toContain('\n6109100012,RU,4621,90,0,90,');
  });

  it('exits 2 on a bad date, chapter list or format, and writes nothing', async () => {
    const file = join(dir, 'bad', 'matrix.csv');
    for (const args of [
      ['--date', '2025-02-30'],
      ['--date', '2024-12-31'],
      ['--date', 'yesterday'],
      ['--date', '2025-04-10', '--chapters', '98'],
      ['--date', '2025-04-10', '--format', 'xlsx'],
    ]) {
      const r = await tariff(['matrix', ...args, '--output', file]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/date|chapters|format/);
    }
    expect(() => readdirSync(join(dir, 'bad'))).toThrow();
  });
});
