// A scenario against the actual law: one entry quoted under both (the baseline and the alternative) with the
// difference, and the daily series of both side by side. Pure apart from the schedule it reads; shared by
// `tariff scenario run` and POST /api/scenario.
import { quote, type QuoteResult } from '../core/evaluate/quote.js';
import type { Entry, ScheduleView } from '../core/evaluate/entry.js';
import { applyScenario, type Scenario } from '../core/law/scenario.js';
import type { Law } from '../core/law/types.js';
import { D } from '../core/money/index.js';
import type { SeriesRow } from './series.js';

export interface Difference {
  totalAdValorem: number | null;
  totalDuty: string | null;
}

export interface ScenarioRun {
  name: string;
  description?: string;
  file?: string;
  baseline: QuoteResult;
  alternative: QuoteResult;
  difference: Difference;
}

/** Alternative minus baseline, exactly (decimal); null where either side has no total. */
export function difference(baseline: QuoteResult, alternative: QuoteResult): Difference {
  if (baseline.kind !== 'quote' || alternative.kind !== 'quote') return { totalAdValorem: null, totalDuty: null };
  const pct =
    baseline.totalAdValorem === null || alternative.totalAdValorem === null
      ? null
      : D(alternative.totalAdValorem).minus(baseline.totalAdValorem).toNumber();
  const duty =
    baseline.totalDuty === null || alternative.totalDuty === null
      ? null
      : D(alternative.totalDuty).minus(baseline.totalDuty).toFixed(2);
  return { totalAdValorem: pct, totalDuty: duty };
}

/** A quote without its trace unless it was asked for. */
export function withoutTrace(q: QuoteResult, keep: boolean): QuoteResult {
  if (keep || (q.kind !== 'quote' && q.kind !== 'prohibited')) return q;
  const { trace: _trace, ...rest } = q;
  return rest as QuoteResult;
}

/**
 * One entry under the baseline and under the scenario. `alternative` is the law with the scenario applied, when
 * the caller has it already (applyScenario(law, scenario) otherwise).
 */
export function runScenarioQuote(
  schedule: ScheduleView,
  law: Law,
  scenario: Scenario,
  entry: Entry,
  opts: { trace?: boolean; alternative?: Law } = {},
): ScenarioRun {
  const alt = opts.alternative ?? applyScenario(law, scenario);
  const trace = opts.trace ?? false;
  const baseline = withoutTrace(quote(schedule, law, entry, { trace }), trace);
  const alternative = withoutTrace(quote(schedule, alt, entry, { trace }), trace);
  return {
    name: scenario.name,
    ...(scenario.description ? { description: scenario.description } : {}),
    ...(scenario.source ? { file: scenario.source } : {}),
    baseline,
    alternative,
    difference: difference(baseline, alternative),
  };
}

/** The rates of one row of a series (percent; weighted values null without weights). */
export interface SeriesValues {
  mean_additional_pct: number;
  mean_total_pct: number;
  weighted_additional_pct: number | null;
  weighted_total_pct: number | null;
}

/** One day (and authority or country) of the baseline and alternative series, with alternative minus baseline. */
export interface ScenarioSeriesRow {
  date: string;
  revision: string;
  country?: string;
  authority?: string;
  pairs: number;
  baseline: SeriesValues;
  alternative: SeriesValues;
  difference: SeriesValues;
}

const values = (r: SeriesRow): SeriesValues => ({
  mean_additional_pct: r.mean_additional_pct,
  mean_total_pct: r.mean_total_pct,
  weighted_additional_pct: r.weighted_additional_pct,
  weighted_total_pct: r.weighted_total_pct,
});

const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/**
 * The rows of the baseline and of the alternative series side by side. Both are daily over the same range and
 * grouping (seriesRows of the same `to` and `by`), so that they pair row by row.
 */
export function scenarioSeriesRows(baseline: SeriesRow[], alternative: SeriesRow[]): ScenarioSeriesRow[] {
  if (baseline.length !== alternative.length)
    throw new Error(`the series do not pair: ${baseline.length} baseline rows, ${alternative.length} alternative`);
  return baseline.map((b, k) => {
    const a = alternative[k]!;
    if (a.date !== b.date || a.country !== b.country || a.authority !== b.authority)
      throw new Error(`the series do not pair at row ${k}: ${b.date} and ${a.date}`);
    return {
      date: b.date,
      revision: b.revision,
      ...(b.country !== undefined ? { country: b.country } : {}),
      ...(b.authority !== undefined ? { authority: b.authority } : {}),
      pairs: b.pairs,
      baseline: values(b),
      alternative: values(a),
      difference: {
        mean_additional_pct: a.mean_additional_pct - b.mean_additional_pct,
        mean_total_pct: a.mean_total_pct - b.mean_total_pct,
        weighted_additional_pct: minus(a.weighted_additional_pct, b.weighted_additional_pct),
        weighted_total_pct: minus(a.weighted_total_pct, b.weighted_total_pct),
      },
    };
  });
}
