// The daily series: evaluated once per change interval, a step function between change dates; the by-country and
// by-authority rows agree with the overall ones; a weights file with one pair gives that pair's rates.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realContext, tariff } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import {
  buildSeries,
  changeDates,
  defaultWeights,
  matrixCountries,
  pointRows,
  seriesPoint,
  type SeriesPoint,
  type SeriesResult,
  type SeriesWeights,
} from '../../src/analytics/series.js';
import { quote } from '../../src/core/evaluate/quote.js';
import type { Law } from '../../src/core/law/types.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import type { IsoDate } from '../../src/core/time/date.js';

let schedule: Schedule;
let law: Law;
let weights: SeriesWeights;
let april: SeriesResult;
const points = new Map<string, SeriesPoint>();
const dir = mkdtempSync(join(tmpdir(), 'tariff-series-'));

beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
  weights = defaultWeights(ctx.sourcesDir, matrixCountries(law)).weights;
  april = buildSeries(schedule, law, {
    from: '2025-04-01' as IsoDate,
    to: '2025-04-12' as IsoDate,
    weights,
    onPoint: (p) => points.set(p.date, p),
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const d = (s: string) => s as IsoDate;

describe('tariff series', () => {
  it('is a step function changing only at change dates', () => {
    expect(april.rows.map((r) => r.date)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2025-04-${String(i + 1).padStart(2, '0')}`),
    );
    const changes = new Set(changeDates(schedule, law, d('2025-04-01'), d('2025-04-12'), 'legal'));
    expect(april.evaluated).toEqual([...changes]);
    // The known April dates: Liberation Day (04-05), reciprocal rates (04-09), the pause (04-10).
    for (const x of ['2025-04-05', '2025-04-09', '2025-04-10']) expect(changes.has(d(x))).toBe(true);
    for (let i = 1; i < april.rows.length; i++) {
      const a = april.rows[i - 1]!;
      const b = april.rows[i]!;
      if (!changes.has(b.date)) {
        expect(b.mean_additional_pct).toBe(a.mean_additional_pct);
        expect(b.weighted_total_pct).toBe(a.weighted_total_pct);
        expect(b.revision).toBe(a.revision);
      }
    }
    // A day between two change dates, evaluated directly, equals the value carried forward.
    const direct = pointRows(seriesPoint(schedule, law, d('2025-04-07'), 'legal', weights), 'overall')[0]!;
    const carried = april.rows.find((r) => r.date === '2025-04-07')!;
    expect(direct.mean_additional_pct).toBeCloseTo(carried.mean_additional_pct, 9);
    expect(direct.weighted_additional_pct!).toBeCloseTo(carried.weighted_additional_pct!, 9);
  });

  it('on 2025-04-10 China pays far more than Japan', () => {
    const rows = pointRows(points.get('2025-04-10')!, 'country');
    const cn = rows.find((r) => r.country === 'CN')!;
    const jp = rows.find((r) => r.country === 'JP')!;
    expect(cn.pairs).toBe(points.get('2025-04-10')!.lines);
    expect(cn.mean_additional_pct).toBeGreaterThan(100);
    expect(jp.mean_additional_pct).toBeLessThan(20);
    expect(cn.mean_additional_pct).toBeGreaterThan(jp.mean_additional_pct + 80);
  });

  it('is small in January 2025 (Section 301/232 only) and jumps after 2025-04-05', () => {
    const jan = pointRows(seriesPoint(schedule, law, d('2025-01-15'), 'legal', weights), 'overall')[0]!;
    expect(jan.mean_additional_pct).toBeGreaterThan(0);
    expect(jan.mean_additional_pct).toBeLessThan(3);
    const after = april.rows.find((r) => r.date === '2025-04-06')!;
    expect(after.mean_additional_pct).toBeGreaterThan(jan.mean_additional_pct + 5);
    expect(after.weighted_additional_pct!).toBeGreaterThan(jan.weighted_additional_pct! + 5);
  });

  it('by authority rows sum to the overall rates', () => {
    for (const date of ['2025-04-05', '2025-04-10']) {
      const p = points.get(date)!;
      const overall = pointRows(p, 'overall')[0]!;
      const rows = pointRows(p, 'authority');
      const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
      expect(Math.abs(sum((r) => r.mean_additional_pct) - overall.mean_additional_pct)).toBeLessThan(1e-6);
      expect(Math.abs(sum((r) => r.mean_total_pct) - overall.mean_total_pct)).toBeLessThan(1e-6);
      expect(Math.abs(sum((r) => r.weighted_additional_pct!) - overall.weighted_additional_pct!)).toBeLessThan(1e-6);
      expect(rows.find((r) => r.authority === 'ieepa_reciprocal')!.mean_additional_pct).toBeGreaterThan(0);
    }
  });

  it("a --weights file with one line x country gives exactly that pair's rates", async () => {
    const file = join(dir, 'one.csv');
    writeFileSync(file, 'hs10,country,value\n6109.10.0012,CN,1000\n');
    const r = await tariff([
      'series',
      '--from',
      '2025-04-10',
      '--to',
      '2025-04-11',
      '--weights',
      file,
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      date: string;
      weighted_additional_pct: number;
      weighted_total_pct: number;
    }[];
    expect(rows.map((x) => x.date)).toEqual(['2025-04-10', '2025-04-11']);
    const q = quote(schedule, law, { hts: '6109100012', country: 'CN', date: d('2025-04-10'), mode: 'legal' });
    if (q.kind !== 'quote') throw new Error('no quote');
    const mfn = q.components.filter((c) => c.authority === 'mfn').reduce((s, c) => s + (c.adValorem ?? 0), 0);
    expect(rows[0]!.weighted_total_pct).toBeCloseTo(q.totalAdValorem!, 6);
    expect(rows[0]!.weighted_additional_pct).toBeCloseTo(q.totalAdValorem! - mfn, 6);
    expect(rows[0]!.weighted_additional_pct).toBeGreaterThan(100); // 301 + fentanyl + reciprocal 125
  });
});
