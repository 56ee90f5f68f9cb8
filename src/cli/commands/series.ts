// `tariff series --from D --to D`: the daily mean additional and total rates over all pairs of HTS-10 line x
// country, unweighted and import-weighted, overall, by country or by authority (see docs/series.md).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { seriesChartSvg } from '../../analytics/chart.js';
import {
  ASSUMPTION_CHOICES,
  DEFAULT_ASSUMPTIONS,
  SERIES_COLUMNS,
  changeDates,
  defaultWeights,
  loadAssumptionData,
  readWeights,
  seriesCountries,
  seriesRows,
  type SeriesAssumptions,
  type SeriesBy,
  type SeriesPoint,
  type SeriesRow,
} from '../../analytics/series.js';
import { evaluatePoints, type EvaluateOptions } from '../series-eval.js';
import { FIRST_DATE } from '../../core/evaluate/parse-entry.js';
import type { Mode } from '../../core/evaluate/entry.js';
import { InputError } from '../../core/errors.js';
import { parseIsoDate } from '../../core/time/date.js';
import type { Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, warn } from '../io.js';

export interface SeriesCliOptions extends AssumptionFlags {
  chart?: string;
  recompute?: boolean;
  from?: string;
  to?: string;
  by?: string;
  mode?: string;
  format?: string;
  output?: string;
  weights?: string;
  jobs?: string;
  json?: boolean;
  sources?: string;
  cache?: string;
}

export function parseOptions(opts: SeriesCliOptions) {
  if (!opts.from) throw new InputError('from', '', 'from is missing', 'the first date, YYYY-MM-DD');
  if (!opts.to) throw new InputError('to', '', 'to is missing', 'the last date, YYYY-MM-DD');
  const from = parseIsoDate(opts.from, 'from');
  const to = parseIsoDate(opts.to, 'to');
  if (from < FIRST_DATE)
    throw new InputError(
      'from',
      opts.from,
      `from ${from} is before ${FIRST_DATE}, where tariff's data begins`,
      `a date from ${FIRST_DATE} on`,
    );
  if (to < from) throw new InputError('to', opts.to, `to ${to} is before from ${from}`, `a date from ${from} on`);
  const by = (opts.by ?? 'overall') as SeriesBy;
  if (!['overall', 'country', 'authority'].includes(by))
    throw new InputError('by', opts.by, `by "${opts.by}" is not a grouping`, 'overall, country or authority');
  const mode = (opts.mode ?? 'legal') as Mode;
  if (mode !== 'legal' && mode !== 'as-published')
    throw new InputError('mode', opts.mode, `mode "${opts.mode}" is not a reading of the law`, 'legal or as-published');
  const format = opts.format ?? (opts.json ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json')
    throw new InputError('format', opts.format, `format "${opts.format}" is not supported`, 'csv or json');
  const jobs = opts.jobs === undefined ? Math.min(2, availableParallelism()) : Number(opts.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
    throw new InputError(
      'jobs',
      opts.jobs,
      `jobs "${opts.jobs}" is not a number of threads`,
      'an integer from 1 to 64',
    );
  return { from, to, by, mode, format, jobs };
}

/** A number of percent, exact to 6 decimals, without trailing zeros. */
function pct(x: number | null): string {
  if (x === null) return '';
  const r = Math.round(x * 1e6) / 1e6;
  return String(r === 0 ? 0 : r);
}

export function seriesCsv(rows: SeriesRow[], by: SeriesBy): string {
  const cols: string[] = [...SERIES_COLUMNS];
  if (by !== 'overall') cols.splice(2, 0, by);
  let s = `${cols.join(',')}\n`;
  for (const r of rows) {
    s += `${r.date},${r.revision},`;
    if (by === 'country') s += `${r.country},`;
    if (by === 'authority') s += `${r.authority},`;
    s += `${r.pairs},${pct(r.mean_additional_pct)},${pct(r.mean_total_pct)},${pct(r.weighted_additional_pct)},${pct(r.weighted_total_pct)}\n`;
  }
  return s;
}

export function round(r: SeriesRow): SeriesRow {
  const f = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    ...r,
    mean_additional_pct: f(r.mean_additional_pct),
    mean_total_pct: f(r.mean_total_pct),
    weighted_additional_pct: r.weighted_additional_pct === null ? null : f(r.weighted_additional_pct),
    weighted_total_pct: r.weighted_total_pct === null ? null : f(r.weighted_total_pct),
  };
}

/** The assumption options (--usmca, --metal-content, --universe), checked. */
export function parseAssumptions(opts: AssumptionFlags): SeriesAssumptions {
  const a = { ...DEFAULT_ASSUMPTIONS };
  const pick = <K extends keyof SeriesAssumptions>(key: K, flag: string, value: string | undefined) => {
    if (value === undefined) return;
    const choices = ASSUMPTION_CHOICES[key] as readonly string[];
    if (!choices.includes(value))
      throw new InputError(flag, value, `${flag} "${value}" is not a choice`, choices.join(' or '));
    a[key] = value as SeriesAssumptions[K];
  };
  pick('usmca', 'usmca', opts.usmca);
  pick('metalContent', 'metal-content', opts.metalContent);
  pick('universe', 'universe', opts.universe);
  return a;
}

export interface AssumptionFlags {
  usmca?: string;
  metalContent?: string;
  universe?: string;
}

export function describeAssumptions(a: SeriesAssumptions): string {
  return `usmca ${a.usmca}, metal content ${a.metalContent}, universe ${a.universe}`;
}

/** Writes text to a file under a temporary name, renamed when complete. */
export function writeAtomic(path: string, text: string): void {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * What a series run needs before it evaluates (`tariff series`, scenario series): the checked options, the law,
 * the weights, the assumption data, and the evaluation options for a progress callback.
 */
export function prepareSeries(ctx: Context, opts: SeriesCliOptions) {
  const parsed = parseOptions(opts);
  const assumptions = parseAssumptions(opts);
  const law = loadLawFor(ctx);
  ctx.schedule.revisionAt(parsed.from, parsed.mode === 'as-published' ? 'published' : 'effective');
  const countries = seriesCountries(law, assumptions.universe);
  const { weights, info } = opts.weights
    ? readWeights(opts.weights, countries)
    : defaultWeights(ctx.sourcesDir, countries);
  const assumed = loadAssumptionData(ctx.sourcesDir, assumptions);
  const evaluation = (onPoint: (p: SeriesPoint) => void): EvaluateOptions => ({
    global: { sources: opts.sources, cache: opts.cache },
    mode: parsed.mode,
    weightsFile: opts.weights,
    assumptions,
    jobs: parsed.jobs,
    cache: opts.recompute ? 'refresh' : 'use',
    onPoint,
  });
  return { ...parsed, assumptions, law, weights, info, assumed, evaluation };
}

export async function runSeries(ctx: Context, opts: SeriesCliOptions): Promise<void> {
  const started = performance.now();
  const { from, to, by, mode, format, assumptions, law, weights, info, assumed, evaluation } = prepareSeries(ctx, opts);
  const progress = process.stderr.isTTY;
  const dates = changeDates(ctx.schedule, law, from, to, mode);
  let done = 0;
  const onPoint = (p: SeriesPoint) => {
    done++;
    if (progress) process.stderr.write(`\r${done}/${dates.length} dates (${p.date}, HTS ${p.revision})   `);
  };
  const points = await evaluatePoints(ctx, law, weights, assumed, dates, evaluation(onPoint));
  if (progress) process.stderr.write('\n');
  const rows = seriesRows(points, to, by);
  const quotes = points.reduce((s, p) => s + p.quotes, 0);
  const text = format === 'json' ? `${JSON.stringify(rows.map(round))}\n` : seriesCsv(rows, by);
  if (opts.chart)
    writeAtomic(
      opts.chart,
      seriesChartSvg(rows, { title: `US tariff rates, ${from} to ${to}`, subtitle: describeAssumptions(assumptions) }),
    );
  const seconds = (performance.now() - started) / 1000;
  const summary = `${rows.length} rows, ${from} to ${to} (${by}, ${mode}; ${describeAssumptions(assumptions)}): ${dates.length} dates evaluated, ${quotes.toLocaleString('en-US')} quotes, weights ${info.source}, ${seconds.toFixed(1)} s${opts.chart ? `; chart ${opts.chart}` : ''}`;
  emit(opts.output, text, summary);
}

/** The output to a file (atomically; the summary on stdout) or to stdout (the summary on stderr). */
export function emit(output: string | undefined, text: string, summary: string): void {
  if (!output || output === '-') {
    process.stdout.write(text);
    warn(summary);
    return;
  }
  writeAtomic(output, text);
  out(`${output}: ${summary}`);
}
