// `tariff quote` as a user runs it: the contract's example, errors, batch files in and out.
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tariff } from '../helpers.js';

describe('tariff quote', () => {
  it('a Chinese cotton T-shirt entered 2025-04-10 pays 169%: four components with headings and citations', async () => {
    const r = await tariff([
      'quote',
      '--hts',
      '6109.10.0012',
      '--country',
      'CN',
      '--date',
      '2025-04-10',
      '--value',
      '1000',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const q = JSON.parse(r.stdout);
    expect(q.totalAdValorem).toBe(169);
    expect(q.totalDuty).toBe('1690.00');
    expect(q.revision).toBe('2025_rev_9');
    expect(
      q.components.map((c: { authority: string; heading: string | null; duty: string }) => [
        c.authority,
        c.heading,
        c.duty,
      ]),
    ).toEqual([
      ['mfn', null, '165.00'],
      ['s301', '9903.88.15', '75.00'],
      ['ieepa_fentanyl', '9903.01.24', '200.00'],
      ['ieepa_reciprocal', '9903.01.63', '1250.00'],
    ]);
    for (const c of q.components) expect(c.citation.length).toBeGreaterThan(10);
    expect(q.trace).toBeUndefined();
  });

  it('prints a table for people, and the reasons with --trace', async () => {
    const r = await tariff(['quote', '--hts', '6109100012', '--country', 'jp', '--date', '2025-04-09', '--trace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ieepa_reciprocal\s+9903\.01\.53\s+\+24%/);
    expect(r.stdout).toMatch(/total\s+40\.5%/);
    expect(r.stdout).toContain('Why');
    expect(r.stdout).toMatch(/9903\.01\.25.*not-in-force|9903\.01\.25/);
  });

  it('bad input names the field and the accepted form (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['--hts', '6109.10.0099', '--country', 'CN', '--date', '2025-04-10'], 'hts'],
      [['--hts', '6109.10.0012', '--country', 'EU', '--date', '2025-04-10'], 'country'],
      [['--hts', '6109.10.0012', '--country', 'CN', '--date', '2024-12-31'], 'date'],
      [['--hts', '6109.10.0012', '--country', 'CN', '--date', '2025-04-10', '--value', '-5'], 'value'],
      [['--hts', '6109.10.0012', '--country', 'CN', '--date', '2025-04-10', '--content', 'steel=2'], 'content'],
      [['--hts', '6109.10.0012', '--country', 'CN', '--date', '2025-04-10', '--program', 'ZZ'], 'program'],
    ];
    for (const [args, field] of cases) {
      const r = await tariff(['quote', ...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      const e = JSON.parse(r.stdout).error;
      expect(e.field).toBe(field);
      expect(e.accepted.length).toBeGreaterThan(5);
    }
  });

  it('a specific rate without quantity gives a note and a null duty, not a crash', async () => {
    const r = await tariff([
      'quote',
      '--hts',
      '2204.21.5055',
      '--country',
      'AU',
      '--date',
      '2025-06-01',
      '--value',
      '5000',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const q = JSON.parse(r.stdout);
    expect(q.components[0].duty).toBeNull();
    expect(q.totalDuty).toBeNull();
    expect(q.notes.join(' ')).toMatch(/liter/);
  });

  it('a date after the last revision is answered with a warning naming where the data ends; Section 122 still ends on its date', async () => {
    const r = await tariff(['quote', '--hts', '6109.10.0012', '--country', 'JP', '--date', '2026-11-25', '--json']);
    const q = JSON.parse(r.stdout);
    expect(q.notes.join(' ')).toMatch(/2026_rev_10.*tariff sync/);
    // Section 122 ended on 2026-07-24; a Japanese T-shirt (column 1 16.5%) is reported under the forced-labor
    // heading of the Japanese pair at or above 12.5%, with no additional duty.
    expect(q.components.map((c: { heading: string | null }) => c.heading)).toEqual([null, '9903.05.48']);
    expect(q.totalAdValorem).toBe(16.5);
  });
});

describe('tariff quote --input (batch)', () => {
  const csv = [
    'id,country,hts,date,value,extra',
    'a,CN,6109.10.0012,2025-04-10,1000,x',
    'b,ZZ,6109.10.0012,2025-04-10,1000,x',
    'c,JP,6109100012,04/09/2025,"1,000.00",x',
    'd,CN,6109.10.0012,not-a-date,1000,x',
  ].join('\n');

  it('streams one JSON line per row, in input order, errors included, never stopping', async () => {
    const r = await tariff(['quote', '--input', '-', '--output', '-'], csv);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.input?.id ?? l.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(lines[0].totalAdValorem).toBe(169);
    expect(lines[1].error.field).toBe('country');
    expect(lines[2].totalAdValorem).toBe(40.5);
    expect(lines[3].error.field).toBe('date');
    expect(r.code).toBe(2);
  });

  it('writes the output file atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tariff-quote-'));
    const inFile = join(dir, 'in.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(inFile, csv);
    const outFile = join(dir, 'out.jsonl');
    const r = await tariff(['quote', '--input', inFile, '--output', outFile]);
    expect(r.stderr).toContain('4 rows: 2 quoted, 2 errors');
    expect(readFileSync(outFile, 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const missing = await tariff(['quote', '--input', join(dir, 'nope.csv'), '--output', join(dir, 'x.jsonl')]);
    expect(missing.code).toBe(1);
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
  });
});
