// `tariff entries` and `tariff refunds` as a user runs them (issue 7): golden entries with hand-computed duties, fees
// and refunds, the inputs people have, malformed files, exact counts on large files, and the atomic-output guarantee.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tariff, type CliResult } from '../helpers.js';

interface EntrySummary {
  entry: string;
  date: string;
  lines: number;
  errors: number;
  incomplete: number;
  prohibited: number;
  value: string;
  duty: string;
  mpf: string;
  mpfRule: string;
  hmf: string;
  ieepaPaid: string;
  retroRefund: string;
  refund: string;
  byAuthority: Record<string, string>;
}
interface Summary {
  counts: { lines: number; ok: number; errors: number; prohibited: number };
  entries: EntrySummary[];
  totals: Record<string, unknown> & {
    entries: number;
    value: string;
    duty: string;
    mpf: string;
    hmf: string;
    ieepaPaid: string;
    retroRefund: string;
    refund: string;
  };
  notes: string[];
}
type Row = Record<string, string>;

interface Run extends CliResult {
  summary: Summary;
  rows: Row[];
  /** LINES.csv as written (header included). */
  linesText: string;
}

const IEEPA_COLUMNS = ['ieepa_fentanyl', 'ieepa_reciprocal', 'ieepa_other'];
const AUTHORITY_COLUMNS = ['mfn', 's232', 's301', 's201', 's122', ...IEEPA_COLUMNS, 'other'];
/** Input columns an error may name. */
const FIELDS = [
  'entry',
  'line',
  'date',
  'hts',
  'country',
  'value',
  'quantity',
  'program',
  'loaded',
  'content',
  'transport',
];

let dir: string;
let seq = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tariff-entries-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the test directory (so that leftover files of one run can be listed). */
function freshDir(): string {
  const d = join(dir, `run-${++seq}`);
  mkdirSync(d);
  return d;
}

function cents(s: string): number {
  return Math.round(Number(s) * 100);
}
function sumCents(xs: string[]): number {
  return xs.reduce((a, x) => a + cents(x), 0);
}

function readRows(text: string): Row[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Row[];
}

/** Writes `content` as an input file and runs `tariff entries` on it with --output and --summary. */
async function runEntries(content: string | Buffer): Promise<Run> {
  const d = freshDir();
  const input = join(d, 'in.csv');
  writeFileSync(input, content);
  const lines = join(d, 'lines.csv');
  const summary = join(d, 'summary.json');
  const r = await tariff(['entries', input, '--output', lines, '--summary', summary]);
  if (!existsSync(summary) || !existsSync(lines))
    throw new Error(`no output files (exit ${r.code}): ${r.stderr}\n${r.stdout}`);
  const linesText = readFileSync(lines, 'utf8');
  return {
    ...r,
    summary: JSON.parse(readFileSync(summary, 'utf8')) as Summary,
    rows: readRows(linesText),
    linesText,
  };
}

function entry(s: Summary, id: string): EntrySummary {
  const e = s.entries.find((x) => x.entry === id);
  if (!e) throw new Error(`entry ${id} not in the summary: ${s.entries.map((x) => x.entry).join(', ')}`);
  return e;
}

function row(rows: Row[], id: string, line: string): Row {
  const r = rows.find((x) => x.entry === id && x.line === line);
  if (!r) throw new Error(`no line ${id}/${line} in LINES.csv`);
  return r;
}

/** Invariants of every run: lines in = ok + errors, one output row per input line, components add up. */
function checkInvariants(run: Run): void {
  const { counts } = run.summary;
  expect(counts.ok + counts.errors).toBe(counts.lines);
  expect(run.rows).toHaveLength(counts.lines);
  expect(run.rows.filter((r) => r.error && !/^(incomplete|prohibited)/.test(r.error)).length).toBe(counts.errors);
  expect(run.rows.filter((r) => r.error?.startsWith('prohibited')).length).toBe(counts.prohibited);
  expect(run.summary.entries.reduce((a, e) => a + e.lines, 0)).toBe(counts.lines);
  expect(run.summary.entries.reduce((a, e) => a + e.errors, 0)).toBe(counts.errors);
  for (const r of run.rows) {
    if (r.error) continue;
    expect(sumCents(AUTHORITY_COLUMNS.map((c) => r[c]!)), `${r.entry}/${r.line}: duty = sum of authorities`).toBe(
      cents(r.duty!),
    );
    expect(sumCents(IEEPA_COLUMNS.map((c) => r[c]!)), `${r.entry}/${r.line}: ieepa_paid = sum of ieepa_*`).toBe(
      cents(r.ieepa_paid!),
    );
  }
  for (const e of run.summary.entries) {
    const mine = run.rows.filter((r) => r.entry === e.entry && !r.error);
    expect(cents(e.ieepaPaid), `${e.entry}: ieepaPaid = sum of its lines`).toBe(
      sumCents(mine.map((r) => r.ieepa_paid!)),
    );
    expect(cents(e.retroRefund)).toBe(sumCents(mine.map((r) => r.retro_refund!)));
    expect(cents(e.refund)).toBe(cents(e.ieepaPaid) + cents(e.retroRefund));
    expect(cents(e.duty)).toBe(sumCents(mine.map((r) => r.duty!)));
  }
}

const HEADER = 'entry,line,date,hts,country,value,transport';

describe('tariff entries: the issue example', () => {
  it('a Chinese cotton T-shirt of $1,000.00 entered 2025-04-10 by ocean: duty $1,690.00, HMF $1.25, MPF at the minimum, IEEPA paid $1,450.00', async () => {
    const run = await runEntries(`${HEADER}\nT-1,1,2025-04-10,6109.10.0012,CN,"$1,000.00",ocean\n`);
    expect(run.code).toBe(0);
    expect(run.summary.counts).toEqual({ lines: 1, ok: 1, errors: 0, prohibited: 0 });
    // Duty: MFN 16.5% + s301 7.5% + IEEPA fentanyl 20% + IEEPA reciprocal 125% = 169% of $1,000.00 = $1,690.00.
    // IEEPA paid: 20% + 125% = 145% = $1,450.00. HMF: 0.125% x $1,000.00 = $1.25.
    // MPF: 0.3464% x $1,000.00 = $3.46, below the FY2025 minimum $32.71.
    expect(run.summary.entries[0]).toMatchObject({
      entry: 'T-1',
      date: '2025-04-10',
      lines: 1,
      value: '1000.00',
      duty: '1690.00',
      hmf: '1.25',
      mpf: '32.71',
      mpfRule: 'minimum',
      ieepaPaid: '1450.00',
      retroRefund: '0.00',
      refund: '1450.00',
    });
    expect(run.rows[0]).toMatchObject({
      entry: 'T-1',
      line: '1',
      date: '2025-04-10',
      value: '1000.00',
      mfn: '165.00',
      s301: '75.00',
      ieepa_fentanyl: '200.00',
      ieepa_reciprocal: '1250.00',
      ieepa_other: '0.00',
      duty: '1690.00',
      duty_legal: '1690.00',
      ieepa_paid: '1450.00',
      retro_refund: '0.00',
      error: '',
    });
    expect(run.rows[0]!.headings!.split(' ')).toEqual(
      expect.arrayContaining(['9903.88.15', '9903.01.24', '9903.01.63']),
    );
    checkInvariants(run);
  });

  it('examples/entries.csv: the T-shirt line and its entry (with a second line), and one bad line reported', async () => {
    const run = await runEntries(readFileSync(join(ROOT, 'examples', 'entries.csv')));
    expect(run.code).toBe(2); // a line with an error: exit code 2, outputs still written
    expect(run.summary.counts).toEqual({ lines: 8, ok: 7, errors: 1, prohibited: 0 });
    expect(row(run.rows, 'ABC-1234567-8', '1')).toMatchObject({ duty: '1690.00', ieepa_paid: '1450.00' });
    // Entry of $3,500.00: MPF 0.3464% = $12.12 -> minimum $32.71; HMF 0.125% x $3,500.00 = $4.375 -> $4.38.
    expect(run.summary.entries[0]).toMatchObject({ entry: 'ABC-1234567-8', mpf: '32.71', hmf: '4.38' });
    expect(row(run.rows, 'ABC-4567890-1', '2').error).toMatch(/^hts: /);
    checkInvariants(run);
  });
});

describe('tariff entries: hand-computed fees and refunds', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runEntries(
      [
        HEADER,
        // FY2025 maximum: $150,000 + $100,000 = $250,000 x 0.3464% = $866.00 > $634.62.
        'MAX25,1,2025-06-10,6403.99.9065,DE,150000,air',
        'MAX25,2,2025-06-10,6403.99.9065,DE,100000,air',
        // FY2026 maximum: $200,000 x 0.3464% = $692.80 > $651.50. HMF 0.125% x $200,000 = $250.00.
        'MAX26,1,2026-03-02,6109.10.0012,JP,200000,ocean',
        // Between: $42,000 + $1,200 = $43,200 x 0.3464% = $149.6448 -> $149.64. HMF 0.125% x $43,200 = $54.00.
        'MID,1,2025-08-15,8703.23.0170,DE,42000,ocean',
        'MID,2,2025-08-15,6403.99.9065,DE,1200,ocean',
        // Minimum, on the last day of FY2025 and the first of FY2026: $1,000 x 0.3464% = $3.46.
        'MIN25,1,2025-09-30,6403.99.9065,DE,1000,air',
        'MIN26,1,2025-10-01,6403.99.9065,DE,1000,air',
        // Half-up rounding: $15,625 x 0.3464% = $54.125 -> $54.13; HMF $1,012 x 0.125% = $1.265 -> $1.27.
        'HALF,1,2025-07-01,6403.99.9065,DE,14613,air',
        'HALF,2,2025-07-01,6403.99.9065,DE,1012,ocean',
        // Ocean and air in one entry, IEEPA and non-IEEPA lines: HMF on the ocean lines only.
        'MIX,1,2025-08-15,6109.10.0012,CN,10000,ocean',
        'MIX,2,2025-08-15,8703.23.0170,DE,5000,air',
        'MIX,3,2025-08-15,6403.99.9065,CA,2000,ocean',
        // FY2027 (from 2026-10-01, FR 2026-15530): minimum $34.58, maximum $670.86; the last day of FY2026 first.
        'MIN26END,1,2026-09-30,6403.99.9065,DE,1000,air',
        'MIN27,1,2026-10-15,6403.99.9065,DE,1000,air',
        // $200,000 x 0.3464% = $692.80 > $670.86.
        'MAX27,1,2026-10-15,6403.99.9065,DE,200000,air',
        // Canadian bourbon imported after the 2026-09-29 prohibition: a result without duty, not an error, no MPF.
        'BAN,1,2026-10-15,2208.30.6020,CA,1000,truck',
      ].join('\n') + '\n',
    );
  });

  it('all lines are quoted', () => {
    expect(run.code).toBe(0);
    expect(run.summary.counts).toEqual({ lines: 16, ok: 16, errors: 0, prohibited: 1 });
    checkInvariants(run);
  });

  it('MPF of FY2027 from 2026-10-01: $34.58 minimum, $670.86 maximum (FR 2026-15530)', () => {
    expect(entry(run.summary, 'MIN26END')).toMatchObject({ mpf: '33.58', mpfRule: 'minimum' });
    expect(entry(run.summary, 'MIN27')).toMatchObject({ mpf: '34.58', mpfRule: 'minimum' });
    expect(entry(run.summary, 'MAX27')).toMatchObject({ mpf: '670.86', mpfRule: 'maximum' });
  });

  it('a prohibited line has no duty and says why in its status column; its entry pays no fee', () => {
    expect(entry(run.summary, 'BAN')).toMatchObject({ prohibited: 1, duty: '0.00', mpf: '0.00', value: '0.00' });
    const line = run.rows.find((l) => l.entry === 'BAN')!;
    expect(line.duty).toBe('');
    expect(line.error).toMatch(/^prohibited: Alcoholic beverages of Canada.*Proclamation 11061/);
  });

  it('MPF at the FY2025 maximum: $250,000 -> $866.00 -> $634.62', () => {
    expect(entry(run.summary, 'MAX25')).toMatchObject({ value: '250000.00', mpf: '634.62', mpfRule: 'maximum' });
    expect(entry(run.summary, 'MAX25').hmf).toBe('0.00'); // air only
  });

  it('MPF at the FY2026 maximum: $200,000 on 2026-03-02 -> $692.80 -> $651.50', () => {
    expect(entry(run.summary, 'MAX26')).toMatchObject({
      value: '200000.00',
      mpf: '651.50',
      mpfRule: 'maximum',
      hmf: '250.00',
    });
  });

  it('MPF between the bounds: $43,200 -> $149.64, on the sum of the lines of the entry', () => {
    expect(entry(run.summary, 'MID')).toMatchObject({
      value: '43200.00',
      mpf: '149.64',
      mpfRule: 'rate',
      hmf: '54.00',
    });
  });

  it('MPF minimum by fiscal year: $32.71 on 2025-09-30, $33.58 on 2025-10-01', () => {
    expect(entry(run.summary, 'MIN25')).toMatchObject({ mpf: '32.71', mpfRule: 'minimum' });
    expect(entry(run.summary, 'MIN26')).toMatchObject({ mpf: '33.58', mpfRule: 'minimum' });
  });

  it('fees round half-up to the cent: MPF $54.125 -> $54.13, HMF $1.265 -> $1.27', () => {
    expect(entry(run.summary, 'HALF')).toMatchObject({ value: '15625.00', mpf: '54.13', mpfRule: 'rate', hmf: '1.27' });
  });

  it('HMF only on the ocean lines of an entry that mixes ocean and air: ($10,000 + $2,000) x 0.125% = $15.00', () => {
    // MPF on all three lines: $17,000 x 0.3464% = $58.888 -> $58.89.
    expect(entry(run.summary, 'MIX')).toMatchObject({ value: '17000.00', hmf: '15.00', mpf: '58.89', mpfRule: 'rate' });
  });

  it('an entry mixing IEEPA and non-IEEPA lines: IEEPA paid = sum of the ieepa_* columns of its lines', () => {
    // CN T-shirt on 2025-08-15, $10,000: MFN 16.5% $1,650 + s301 7.5% $750 + fentanyl 20% $2,000 + reciprocal 10% $1,000.
    expect(row(run.rows, 'MIX', '1')).toMatchObject({
      mfn: '1650.00',
      s301: '750.00',
      ieepa_fentanyl: '2000.00',
      ieepa_reciprocal: '1000.00',
      duty: '5400.00',
      ieepa_paid: '3000.00',
    });
    // DE car, $5,000: no IEEPA duty (Section 232 autos); as collected 27.5% = $1,375, as amended 15% = $750.
    expect(row(run.rows, 'MIX', '2')).toMatchObject({
      ieepa_fentanyl: '0.00',
      ieepa_reciprocal: '0.00',
      ieepa_other: '0.00',
      ieepa_paid: '0.00',
      duty: '1375.00',
      duty_legal: '750.00',
      retro_refund: '625.00',
    });
    // CA shoes (not USMCA-claimed), $2,000: MFN 10% $200 + IEEPA fentanyl (Canada) 35% $700.
    expect(row(run.rows, 'MIX', '3')).toMatchObject({ mfn: '200.00', ieepa_fentanyl: '700.00', ieepa_paid: '700.00' });
    // Entry: IEEPA $3,000 + $0 + $700 = $3,700; refund = $3,700 + retroactive $625 = $4,325.
    expect(entry(run.summary, 'MIX')).toMatchObject({
      ieepaPaid: '3700.00',
      retroRefund: '625.00',
      refund: '4325.00',
      duty: '7675.00',
    });
  });

  it('an entry in a retroactive window: a German car on 2025-08-15, 27.5% as collected, 15% as amended', () => {
    // $42,000: as collected MFN 2.5% $1,050 + s232 25% $10,500 = 27.5% = $11,550; as amended (EU 15% floor) $6,300;
    // retroactive refund 12.5% x $42,000 = $5,250.
    expect(row(run.rows, 'MID', '1')).toMatchObject({
      mfn: '1050.00',
      s232: '10500.00',
      duty: '11550.00',
      duty_legal: '6300.00',
      ieepa_paid: '0.00',
      retro_refund: '5250.00',
    });
    // DE shoes, $1,200: MFN 10% + reciprocal 5% (to the EU 15% floor) = $180; IEEPA paid $60.
    expect(row(run.rows, 'MID', '2')).toMatchObject({ duty: '180.00', ieepa_paid: '60.00', retro_refund: '0.00' });
    expect(entry(run.summary, 'MID')).toMatchObject({ retroRefund: '5250.00', ieepaPaid: '60.00', refund: '5310.00' });
  });

  it('totals are the sums of the entries', () => {
    const t = run.summary.totals;
    expect(t.entries).toBe(run.summary.entries.length);
    for (const k of ['value', 'duty', 'mpf', 'hmf', 'ieepaPaid', 'retroRefund', 'refund'] as const)
      expect(cents(t[k]), k).toBe(sumCents(run.summary.entries.map((e) => e[k])));
    expect(run.summary.notes.join(' ')).toMatch(/[Ii]nterest/);
  });
});

describe('tariff entries: inputs people have', () => {
  it('a header in another order (with BOM and CRLF), codes with and without dots, MM/DD/YYYY dates, $ and separators', async () => {
    const run = await runEntries(
      '\ufeffValue,Country,HTS,Date,Transport,Line,Entry\r\n' +
        '"$1,000.00",CN,6109100012,04/10/2025,Ocean,1,P-1\r\n' +
        '"1,000",CN,6109.10.00.12,2025-04-10,ocean,2,P-1\r\n' +
        '$1000,CN,6109.10.0012,04/10/2025,OCEAN,3,P-1\r\n' +
        '"$1,000.00",cn,610910.0012,4/10/2025,ocean,4,P-1\r\n',
    );
    expect(run.summary.counts).toEqual({ lines: 4, ok: 4, errors: 0, prohibited: 0 });
    expect(run.code).toBe(0);
    for (const r of run.rows)
      expect(r, `line ${r.line}`).toMatchObject({
        entry: 'P-1',
        date: '2025-04-10',
        value: '1000.00',
        duty: '1690.00',
        ieepa_paid: '1450.00',
        error: '',
      });
    // $4,000 by ocean: HMF $5.00; MPF $13.86 -> minimum $32.71.
    expect(run.summary.entries[0]).toMatchObject({ value: '4000.00', hmf: '5.00', mpf: '32.71', duty: '6760.00' });
    checkInvariants(run);
  });
});

describe('tariff entries: malformed files', () => {
  it('an empty file: 0 lines, exit 0, a LINES.csv with its header only', async () => {
    const run = await runEntries('');
    expect(run.code).toBe(0);
    expect(run.summary.counts).toEqual({ lines: 0, ok: 0, errors: 0, prohibited: 0 });
    expect(run.summary.entries).toEqual([]);
    expect(run.summary.totals).toMatchObject({ entries: 0, value: '0.00', mpf: '0.00', refund: '0.00' });
    expect(run.linesText.trim().split('\n')).toHaveLength(1);
    expect(run.linesText.split('\n')[0]).toMatch(/^entry,line,date,hts,country,value,/);
  });

  it('a header only: 0 lines, exit 0', async () => {
    const run = await runEntries(`${HEADER}\n`);
    expect(run.code).toBe(0);
    expect(run.summary.counts).toEqual({ lines: 0, ok: 0, errors: 0, prohibited: 0 });
    expect(run.rows).toEqual([]);
  });

  it('the wrong delimiter (semicolons): every line errors, each error names a field', async () => {
    const run = await runEntries(
      'entry;line;date;hts;country;value\nS-1;1;2025-04-10;6109.10.0012;CN;1000\nS-1;2;2025-04-10;6109.10.0012;CN;2000\n',
    );
    expect(run.code).toBe(2);
    expect(run.summary.counts).toEqual({ lines: 2, ok: 0, errors: 2, prohibited: 0 });
    for (const r of run.rows) {
      const field = /^([a-z_]+): /.exec(r.error!)?.[1];
      expect(FIELDS, r.error).toContain(field);
    }
    expect(run.summary.totals).toMatchObject({ value: '0.00', mpf: '0.00', duty: '0.00' });
    checkInvariants(run);
  });

  it('bad encoding (invalid UTF-8 bytes in a field): no crash, the line errors on that field, consistently', async () => {
    const content = Buffer.concat([
      Buffer.from(`${HEADER}\nB-1,1,2025-04-10,6109.10.0012,C`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('N,1000,ocean\nB-1,2,2025-04-10,6109.10.0012,CN,10'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('00,ocean\nB-1,3,2025-04-10,6109.10.0012,CN,1000,ocean\n'),
    ]);
    const a = await runEntries(content);
    expect(a.code).toBe(2);
    expect(a.summary.counts).toEqual({ lines: 3, ok: 1, errors: 2, prohibited: 0 });
    expect(row(a.rows, 'B-1', '1').error).toMatch(/^country: /);
    expect(row(a.rows, 'B-1', '2').error).toMatch(/^value: /);
    expect(row(a.rows, 'B-1', '3')).toMatchObject({ error: '', duty: '1690.00' });
    checkInvariants(a);
    const b = await runEntries(content);
    expect(b.linesText).toBe(a.linesText);
    expect(b.summary).toEqual(a.summary);
  });

  it('1 bad line in 100,000: 100,000 lines, 99,999 ok, 1 error, LINES.csv of 100,001 lines', async () => {
    const n = 100_000;
    const bad = 54_321;
    const codes = ['6109100012', '6403999065', '8703230170', '9401614011', '8517130000'];
    const countries = ['CN', 'DE', 'VN', 'MX', 'JP'];
    const parts = [`${HEADER}\n`];
    for (let i = 1; i <= n; i++) {
      const hts = i === bad ? '0000.00.0000' : codes[i % codes.length];
      parts.push(`E${Math.ceil(i / 500)},${i},2025-06-10,${hts},${countries[(i >> 2) % 5]},${100 + (i % 900)},ocean\n`);
    }
    const run = await runEntries(parts.join(''));
    expect(run.code).toBe(2);
    expect(run.summary.counts).toEqual({ lines: n, ok: n - 1, errors: 1, prohibited: 0 });
    expect(run.linesText.split('\n').filter(Boolean)).toHaveLength(n + 1);
    const errs = run.rows.filter((r) => r.error);
    expect(errs.map((r) => r.line)).toEqual([String(bad)]);
    expect(errs[0]!.error).toMatch(/^hts: /);
    expect(run.summary.entries).toHaveLength(n / 500);
    checkInvariants(run);
  }, 90_000);
});

describe('tariff entries: a 20,000-line file with 37 bad lines', () => {
  it('is processed completely with exact counts, and each bad line names its field', async () => {
    const n = 20_000;
    // Bad lines: [field the error must name, the column and its bad value].
    const kinds: [string, Partial<Row>][] = [
      ['date', { date: '2025-13-45' }],
      ['date', { date: '2024-06-01' }],
      ['country', { country: 'ZZ' }],
      ['hts', { hts: '0000.00.0000' }],
      ['hts', { hts: '6109' }],
      ['value', { value: 'abc' }],
      ['value', { value: '' }],
      ['value', { value: '-5' }],
      ['transport', { transport: 'boat' }],
      ['program', { program: 'QQ' }],
    ];
    const codes = ['6109100012', '8471300100', '6403999065', '8703230170', '9401614011', '8517130000'];
    const countries = ['CN', 'JP', 'DE', 'VN', 'MX', 'CA', 'BR', 'IN', 'GB', 'KR'];
    const dates = ['2025-02-10', '2025-04-10', '2025-06-10', '2025-08-20', '2025-11-20', '2026-03-01', '2026-05-01'];
    const badAt = new Map<number, string>();
    for (let k = 0; k < 37; k++) badAt.set(17 + k * 537, kinds[k % kinds.length]![0]);
    const cols = ['entry', 'line', 'date', 'hts', 'country', 'value', 'program', 'transport'];
    const parts = [`${cols.join(',')}\n`];
    for (let i = 1; i <= n; i++) {
      const e = Math.ceil(i / 10);
      const r: Row = {
        entry: `N${e}`,
        line: String(i),
        date: dates[e % dates.length]!,
        hts: codes[i % codes.length]!,
        country: countries[(i >> 1) % countries.length]!,
        value: String(250 + (i % 4000)),
        program: '',
        transport: i % 3 ? 'ocean' : 'air',
      };
      if (badAt.has(i)) Object.assign(r, kinds[[...badAt.keys()].indexOf(i) % kinds.length]![1]);
      parts.push(`${cols.map((c) => r[c]).join(',')}\n`);
    }
    const run = await runEntries(parts.join(''));
    expect(run.code).toBe(2);
    expect(run.summary.counts).toEqual({ lines: n, ok: n - 37, errors: 37, prohibited: 0 });
    expect(run.summary.counts.ok + run.summary.counts.errors).toBe(n);
    expect(run.rows).toHaveLength(n);
    for (const r of run.rows) {
      const field = badAt.get(Number(r.line));
      if (field) expect(r.error, `line ${r.line}`).toMatch(new RegExp(`^${field}: .*\\(accepted: `));
      else expect(r.error, `line ${r.line}`).toBe('');
    }
    checkInvariants(run);
  }, 60_000);
});

describe('tariff entries: atomic output', () => {
  function leftovers(d: string): string[] {
    return readdirSync(d).filter((f) => f !== 'in.csv');
  }

  it('an input file that does not exist: an error, no LINES.csv, no SUMMARY.json, no *.tmp', async () => {
    const d = freshDir();
    const r = await tariff([
      'entries',
      join(d, 'missing.csv'),
      '--output',
      join(d, 'lines.csv'),
      '--summary',
      join(d, 'summary.json'),
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/missing\.csv/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a normal run leaves the two files and no *.tmp', async () => {
    const d = freshDir();
    writeFileSync(join(d, 'in.csv'), readFileSync(join(ROOT, 'examples', 'entries.csv')));
    const r = await tariff([
      'entries',
      join(d, 'in.csv'),
      '--output',
      join(d, 'lines.csv'),
      '--summary',
      join(d, 'summary.json'),
    ]);
    expect(r.code).toBe(2); // the sample has one bad line
    expect(leftovers(d).sort()).toEqual(['lines.csv', 'summary.json']);
  });
});

describe('tariff refunds', () => {
  it('on the sample: months, totals equal to the sums of the entries, and a claim CSV with entry numbers and amounts', async () => {
    const d = freshDir();
    const claim = join(d, 'claim.csv');
    const sample = join(ROOT, 'examples', 'entries.csv');
    const r = await tariff(['refunds', sample, '--output', claim, '--json']);
    expect(r.code).toBe(2); // the sample has one bad line: bad input, like `tariff entries`
    const rep = JSON.parse(r.stdout) as {
      counts: Summary['counts'];
      months: { month: string; entries: number; ieepaPaid: string; retroRefund: string; refundable: string }[];
      entries: { entry: string; date: string; ieepaPaid: string; retroRefund: string; refundable: string }[];
      totals: { ieepaPaid: string; retroRefund: string; refundable: string };
    };
    expect(rep.counts).toEqual({ lines: 8, ok: 7, errors: 1, prohibited: 0 });
    expect(rep.months.map((m) => m.month)).toEqual(['2025-04', '2025-08', '2025-09', '2026-03']);
    expect(rep.months.map((m) => m.entries)).toEqual([1, 1, 1, 1]);
    for (const k of ['ieepaPaid', 'retroRefund', 'refundable'] as const) {
      expect(cents(rep.totals[k]), k).toBe(sumCents(rep.entries.map((e) => e[k])));
      expect(cents(rep.totals[k]), k).toBe(sumCents(rep.months.map((m) => m[k])));
    }
    // Hand check: $1,450 (T-shirt) + $500 (laptop, fentanyl 20%) + $60 (DE shoes) + $500 (AU wine, 10%) = $2,510;
    // retroactive: the German car, 12.5% x $42,000 = $5,250.
    expect(rep.totals).toEqual({ ieepaPaid: '2510.00', retroRefund: '5250.00', refundable: '7760.00' });
    // The same figures as `tariff entries`.
    const s = (await runEntries(readFileSync(sample))).summary;
    expect(rep.totals.ieepaPaid).toBe(s.totals.ieepaPaid);
    expect(rep.totals.refundable).toBe(s.totals.refund);
    // The claim file: one row per entry with something to refund.
    const rows = readRows(readFileSync(claim, 'utf8'));
    expect(rows.map((x) => x.entry)).toEqual(['ABC-1234567-8', 'ABC-2345678-9', 'ABC-3456789-0']);
    for (const x of rows) {
      const e = rep.entries.find((y) => y.entry === x.entry)!;
      expect(x).toMatchObject({ entry_date: e.date, ieepa_paid: e.ieepaPaid, refund_claimed: e.refundable });
      expect(cents(x.refund_claimed!)).toBeGreaterThan(0);
    }
    expect(sumCents(rows.map((x) => x.refund_claimed!))).toBe(cents(rep.totals.refundable));
    expect(readdirSync(d)).toEqual(['claim.csv']);
  });
});

// Bugs found while writing these tests, now fixed: each test pins the fixed behaviour.
describe('tariff entries: bugs found and fixed', () => {
  it('was a bug: a stray quote in one field stops the whole run (csv-parse "Invalid Opening Quote")', async () => {
    const run = await runEntries(
      `${HEADER}\nQ-1,1,2025-04-10,61"09,CN,1000,ocean\nQ-1,2,2025-04-10,6109.10.0012,CN,1000,ocean\nQ-1,3,2025-04-10,6109.10.0012,CN,1000,ocean\n`,
    );
    expect(run.summary.counts).toEqual({ lines: 3, ok: 2, errors: 1, prohibited: 0 });
    expect(run.rows[0]!.error).not.toBe('');
  });

  it('was a bug: an interrupted run (SIGINT) leaves LINES.csv.<pid>.tmp behind', async () => {
    const d = freshDir();
    const input = join(d, 'in.csv');
    const parts = [`${HEADER}\n`];
    for (let i = 1; i <= 300_000; i++)
      parts.push(`I${Math.ceil(i / 500)},${i},2025-06-10,6109100012,CN,${100 + (i % 900)},ocean\n`);
    writeFileSync(input, parts.join(''));
    const child = spawn(
      'node',
      [
        join(ROOT, 'bin', 'tariff.js'),
        'entries',
        input,
        '--output',
        join(d, 'lines.csv'),
        '--summary',
        join(d, 's.json'),
      ],
      { cwd: ROOT, stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Wait until the run is writing its output, then interrupt it.
    const t0 = Date.now();
    while (readdirSync(d).length < 2 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    await exited;
    expect(readdirSync(d)).toEqual(['in.csv']);
  }, 60_000);

  it('was a bug: an output directory that does not exist crashes with an unhandled error event', async () => {
    const d = freshDir();
    const r = await tariff([
      'entries',
      join(ROOT, 'examples', 'entries.csv'),
      '--output',
      join(d, 'nowhere', 'lines.csv'),
      '--summary',
      join(d, 'summary.json'),
    ]);
    expect(r.code).toBe(2); // an output path in a missing folder is bad input
    expect(r.stderr).not.toMatch(/Unhandled 'error' event|node:events/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('was a bug: the refund claim CSV does not quote an entry number with a comma', async () => {
    const d = freshDir();
    const input = join(d, 'in.csv');
    writeFileSync(input, `${HEADER}\n"C,1",1,2025-04-10,6109.10.0012,CN,1000,ocean\n`);
    const claim = join(d, 'claim.csv');
    await tariff(['refunds', input, '--output', claim]);
    const rows = readRows(readFileSync(claim, 'utf8'));
    expect(rows[0]).toMatchObject({ entry: 'C,1', refund_claimed: '1450.00' });
  });
});
