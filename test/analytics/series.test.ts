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
  loadAssumptionData,
  matrixCountries,
  pointRows,
  seriesCountries,
  seriesPoint,
  type AssumptionData,
  type SeriesPoint,
  type SeriesResult,
  type SeriesWeights,
} from '../../src/analytics/series.js';
import { lawsDiffer } from '../../src/analytics/scenario-dates.js';
import { applyScenario } from '../../src/core/law/scenario.js';
import { loadScenario } from '../../src/load/scenario.js';
import { hts10Of, matrixLines } from '../../src/analytics/matrix.js';
import { D } from '../../src/core/money/index.js';
import type { Entry } from '../../src/core/evaluate/entry.js';
import { quote } from '../../src/core/evaluate/quote.js';
import type { Law } from '../../src/core/law/types.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import type { IsoDate } from '../../src/core/time/date.js';

let schedule: Schedule;
let law: Law;
let sourcesDir: string;
let weights: SeriesWeights;
let april: SeriesResult;
const points = new Map<string, SeriesPoint>();
const dir = mkdtempSync(join(tmpdir(), 'tariff-series-'));

beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
  sourcesDir = ctx.sourcesDir;
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

/** The additional rate of a direct quote (percent; components without an ad valorem equivalent count 0). */
function additional(e: Entry): number {
  const q = quote(schedule, law, e, { trace: false });
  if (q.kind !== 'quote') throw new Error(`no quote for ${e.hts} ${e.country}`);
  return q.components.filter((c) => c.authority !== 'mfn').reduce((s, c) => s + (c.adValorem ?? 0), 0);
}

/** Weights of one pair only: the weighted rate of the point is that pair's rate. */
function onePair(hts: string, country: string, countries = matrixCountries(law)): SeriesWeights {
  const i = countries.findIndex((c) => c.code === country);
  return new Map([[hts, { idx: Int32Array.of(i), w: Float64Array.of(1) }]]);
}

describe('series assumptions', () => {
  it('USMCA utilization: a Canadian line pays the mix of the quotes without and with the claim, by its 2025 share', () => {
    const data: AssumptionData = loadAssumptionData(sourcesDir, {
      usmca: 'utilization',
      metalContent: 'none',
      universe: 'tariff',
    });
    const share = data.usmcaShares!.get('6109100012')!.get('1220')!;
    expect(share).toBeGreaterThan(0.5);
    const date = d('2025-08-20');
    const p = seriesPoint(schedule, law, date, 'legal', onePair('6109100012', 'CA'), new Map(), data);
    const got = pointRows(p, 'overall')[0]!.weighted_additional_pct!;
    const without = additional({ hts: '6109100012', country: 'CA', date, mode: 'legal' });
    const withClaim = additional({ hts: '6109100012', country: 'CA', date, mode: 'legal', program: 'S' });
    expect(without).toBe(35); // fentanyl, Canada
    expect(withClaim).toBe(0);
    expect(got).toBeCloseTo((1 - share) * without + share * withClaim, 9);
    // Statutory: no claim.
    const statutory = seriesPoint(schedule, law, date, 'legal', onePair('6109100012', 'CA'), new Map());
    expect(pointRows(statutory, 'overall')[0]!.weighted_additional_pct).toBe(35);
  });

  it('BEA metal content: a steel derivative pays the content duty on its steel share and the reciprocal on the rest', () => {
    const data = loadAssumptionData(sourcesDir, { usmca: 'statutory', metalContent: 'bea', universe: 'tariff' });
    const date = d('2025-08-20');
    // The first line of chapter 94 whose quote changes when it declares its BEA shares.
    const lines = matrixLines(schedule, schedule.revisionAt(date)).filter((c) => c.startsWith('94'));
    const found = lines.map(hts10Of).find((h) => {
      const c = data.metalShares!.get(h);
      return (
        c?.steel &&
        additional({ hts: h, country: 'VN', date, mode: 'legal', content: c }) !==
          additional({ hts: h, country: 'VN', date, mode: 'legal' })
      );
    });
    expect(found).toBeDefined();
    const content = data.metalShares!.get(found!)!;
    const p = seriesPoint(schedule, law, date, 'legal', onePair(found!, 'VN'), new Map(), data);
    const got = pointRows(p, 'overall')[0]!.weighted_additional_pct!;
    const steel = content.steel!.toNumber();
    expect(got).toBeCloseTo(additional({ hts: found!, country: 'VN', date, mode: 'legal', content }), 9);
    // 50% on the steel content, the 20% reciprocal rate of Viet Nam on the rest.
    expect(got).toBeCloseTo(50 * steel + 20 * (1 - steel), 4);
    expect(D(steel).lt(1)).toBe(true);
  });

  it('the yale universe averages over chapters 1-98 (8-digit lines included) x the 240 Census codes', () => {
    const data = loadAssumptionData(sourcesDir, { usmca: 'statutory', metalContent: 'none', universe: 'yale' });
    expect(seriesCountries(law, 'yale')).toHaveLength(240);
    const p = seriesPoint(schedule, law, d('2025-05-20'), 'legal', null, new Map(), data);
    // The Yale Budget Lab's n_products for 2025_rev_13 (daily_overall_2026-06-09.csv): 20,206.
    expect(p.lines).toBe(20_206);
    expect(pointRows(p, 'overall')[0]!.pairs).toBe(20_206 * 240);
  });
});

describe('scenario series', () => {
  it('a scenario charges differently only on the dates of its changes', () => {
    const alt = applyScenario(law, loadScenario('law/scenarios/japan-no-pause.yaml'));
    expect(lawsDiffer(law, alt, d('2025-04-09'), 'legal')).toBe(false);
    expect(lawsDiffer(law, alt, d('2025-05-01'), 'legal')).toBe(true);
    expect(lawsDiffer(law, alt, d('2025-08-07'), 'legal')).toBe(false);
    expect(lawsDiffer(law, law, d('2025-05-01'), 'legal')).toBe(false);
  });

  it('tariff scenario run --from --to: the baseline, the scenario and their difference per day', async () => {
    const r = await tariff([
      'scenario',
      'run',
      'law/scenarios/japan-no-pause.yaml',
      '--from',
      '2025-04-08',
      '--to',
      '2025-04-11',
      '--usmca',
      'statutory',
      '--metal-content',
      'none',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      scenarios: { name: string; evaluated: number }[];
      rows: {
        date: string;
        baseline: { mean_additional_pct: number };
        alternatives: { mean_additional_pct: number; difference: { mean_additional_pct: number } }[];
      }[];
    };
    expect(out.rows.map((x) => x.date)).toEqual(['2025-04-08', '2025-04-09', '2025-04-10', '2025-04-11']);
    expect(out.scenarios[0]!.evaluated).toBeGreaterThan(0);
    const [a, b, c] = out.rows;
    // Before the pause nothing differs; from 2025-04-10 Japan keeps 24% instead of 10%.
    expect(a!.alternatives[0]!.difference.mean_additional_pct).toBe(0);
    expect(b!.alternatives[0]!.difference.mean_additional_pct).toBe(0);
    expect(c!.alternatives[0]!.difference.mean_additional_pct).toBeGreaterThan(0.01);
    // The baseline column is the plain series.
    const plain = pointRows(seriesPoint(schedule, law, d('2025-04-10'), 'legal', weights), 'overall')[0]!;
    expect(c!.baseline.mean_additional_pct).toBeCloseTo(plain.mean_additional_pct, 5);
  });

  it('names the change and key of a bad scenario file and exits 2', async () => {
    const r = await tariff([
      'scenario',
      'run',
      'test/scenarios/bad-rate.yaml',
      '--from',
      '2025-04-08',
      '--to',
      '2025-04-11',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/changes\[\d\]/);
  });
});
