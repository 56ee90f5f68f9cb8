// The rate matrix as Parquet: the rows of the CSV matrix of the same date and chapters, read back with hyparquet, with
// the percents as numbers and null where the CSV cell is empty.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, realContext, tariff } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { MATRIX_COLUMNS, matrixCountries, matrixLines, writeMatrix } from '../../src/analytics/matrix.js';
import { writeMatrixParquet } from '../../src/analytics/parquet.js';
import type { Law } from '../../src/core/law/types.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import type { IsoDate } from '../../src/core/time/date.js';

let schedule: Schedule;
let law: Law;
const dir = mkdtempSync(join(tmpdir(), 'tariff-parquet-'));
const date = '2025-04-10' as IsoDate;
// Chapter 22 has specific rates without an ad valorem equivalent: empty cells, nulls in Parquet.
const chapters = new Set([22, 61]);

beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CSV matrix, one array of cells per row (the note is last and the only field that may be quoted). */
async function csvRows(): Promise<string[][]> {
  const rows: string[][] = [];
  let header = true;
  await writeMatrix(schedule, law, { date, chapters }, (chunk) => {
    for (const line of chunk.split('\n')) {
      if (!line) continue;
      if (header) {
        header = false;
        continue;
      }
      const cells = line.split(',');
      const note = cells.slice(MATRIX_COLUMNS.length - 1).join(',');
      rows.push([...cells.slice(0, MATRIX_COLUMNS.length - 1), note.replace(/^"(.*)"$/, '$1').replace(/""/g, '"')]);
    }
  });
  return rows;
}

/** A CSV row as Parquet gives it back: the percents as numbers, empty cells as null. */
function asParquet(cells: string[]): Record<string, string | number | null> {
  return Object.fromEntries(
    MATRIX_COLUMNS.map((name, i) => {
      const v = cells[i]!;
      if (i < 3) return [name, v];
      return [name, v === '' ? null : name === 'note' ? v : Number(v)];
    }),
  );
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('matrix as Parquet', () => {
  it('has the rows and columns of the CSV matrix, and 50 random rows equal the CSV rows', async () => {
    const file = join(dir, 'matrix.parquet');
    // Small row groups, so that rows cross group boundaries.
    const stats = await writeMatrixParquet(schedule, law, { date, chapters, rowGroupRows: 10_000 }, file);
    const lines = matrixLines(schedule, schedule.revisionAt(date), chapters);
    const rows = lines.length * matrixCountries(law).length;
    expect(stats.rows).toBe(rows);

    const buffer = await asyncBufferFromFile(file);
    const meta = await parquetMetadataAsync(buffer);
    expect(Number(meta.num_rows)).toBe(rows);
    expect(meta.row_groups.length).toBe(Math.ceil(lines.length / Math.floor(10_000 / 237)));
    expect(meta.schema.slice(1).map((s) => s.name)).toEqual([...MATRIX_COLUMNS]);
    expect(meta.schema.slice(1).map((s) => s.type)).toEqual(
      MATRIX_COLUMNS.map((c) =>
        c === 'hts10' || c === 'country' || c === 'census' || c === 'note' ? 'BYTE_ARRAY' : 'DOUBLE',
      ),
    );

    const csv = await csvRows();
    expect(csv.length).toBe(rows);
    const back = await parquetReadObjects({ file: buffer });
    expect(back.length).toBe(rows);
    const rnd = random(20250410);
    const sample = Array.from({ length: 50 }, () => Math.floor(rnd() * rows));
    // Always a row with empty cells, and the known rates of the cotton T-shirt from China.
    const specific = csv.findIndex((c) => c[3] === '');
    expect(specific).toBeGreaterThanOrEqual(0);
    sample.push(
      specific,
      csv.findIndex((c) => c[0] === '6109100012' && c[1] === 'CN'),
    );
    for (const i of sample) expect(back[i], `row ${i}`).toEqual(asParquet(csv[i]!));
    expect(back[sample.at(-1)!]).toMatchObject({ mfn_pct: 16.5, additional_pct: 152.5, total_pct: 169, note: null });
  }, 120_000);
});

describe('tariff matrix --format parquet', () => {
  it('writes a Parquet file atomically (no temporary file left) with one row per line x country', async () => {
    const file = join(dir, 'out', 'matrix.parquet');
    const r = await tariff(['matrix', '--date', date, '--chapters', '61', '--format', 'parquet', '--output', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/237 countries/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['matrix.parquet']);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(file));
    const lines = matrixLines(schedule, schedule.revisionAt(date), new Set([61]));
    expect(Number(meta.num_rows)).toBe(lines.length * 237);
  });

  it('exits 2 without a file to write to (no --output, or --output -), and writes nothing', async () => {
    for (const args of [[], ['--output', '-']]) {
      const r = await tariff(['matrix', '--date', date, '--chapters', '61', '--format', 'parquet', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/output/);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(existsSync(join(ROOT, '-'))).toBe(false);
  });
});
