// `tariff series --from D --to D`: the daily mean additional and total rates over all pairs of HTS-10 line x
// country, unweighted and import-weighted, overall, by country or by authority (see docs/series.md).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  SERIES_COLUMNS,
  changeDates,
  defaultWeights,
  matrixCountries,
  readWeights,
  seriesPoint,
  seriesRows,
  type SeriesBy,
  type SeriesPoint,
  type SeriesRow,
  type SeriesWeights,
} from '../../analytics/series.js';
import { FIRST_DATE } from '../../core/evaluate/parse-entry.js';
import type { Mode } from '../../core/evaluate/entry.js';
import { InputError } from '../../core/errors.js';
import { parseIsoDate } from '../../core/time/date.js';
import type { Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, warn } from '../io.js';

export interface SeriesCliOptions {
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

function parseOptions(opts: SeriesCliOptions) {
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

function round(r: SeriesRow): SeriesRow {
  const f = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    ...r,
    mean_additional_pct: f(r.mean_additional_pct),
    mean_total_pct: f(r.mean_total_pct),
    weighted_additional_pct: r.weighted_additional_pct === null ? null : f(r.weighted_additional_pct),
    weighted_total_pct: r.weighted_total_pct === null ? null : f(r.weighted_total_pct),
  };
}

/** Evaluates dates in a worker thread (which loads the sources, the law and the weights itself). */
function evaluateInWorker(
  global: { sources?: string | undefined; cache?: string | undefined },
  mode: Mode,
  weightsFile: string | undefined,
  dates: string[],
  onPoint: (p: SeriesPoint) => void,
): Promise<SeriesPoint[]> {
  if (!dates.length) return Promise.resolve([]);
  return new Promise((resolvePoints, reject) => {
    const points: SeriesPoint[] = [];
    const g = Object.fromEntries(Object.entries(global).filter(([, v]) => v !== undefined));
    const worker = new Worker(new URL('../../analytics/series-worker.js', import.meta.url), {
      workerData: { global: g, mode, ...(weightsFile ? { weightsFile } : {}), dates },
    });
    worker.on('message', (p: SeriesPoint) => {
      points.push(p);
      onPoint(p);
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      code === 0 && points.length === dates.length
        ? resolvePoints(points)
        : reject(new Error(`series worker exited with code ${code} after ${points.length} of ${dates.length} dates`)),
    );
  });
}

export async function runSeries(ctx: Context, opts: SeriesCliOptions): Promise<void> {
  const parsed = parseOptions(opts);
  const { from, to, by, mode, format } = parsed;
  const started = performance.now();
  const law = loadLawFor(ctx);
  ctx.schedule.revisionAt(from, mode === 'as-published' ? 'published' : 'effective');
  const countries = matrixCountries(law);
  const { weights, info } = opts.weights
    ? readWeights(opts.weights, countries)
    : defaultWeights(ctx.sourcesDir, countries);
  const progress = process.stderr.isTTY;
  const dates = changeDates(ctx.schedule, law, from, to, mode);
  let done = 0;
  const onPoint = (p: SeriesPoint) => {
    done++;
    if (progress) process.stderr.write(`\r${done}/${dates.length} dates (${p.date}, HTS ${p.revision})   `);
  };
  // Dates are dealt round-robin: this thread takes every jobs-th date, the workers the others.
  const jobs = Math.max(1, Math.min(parsed.jobs, Math.floor(dates.length / 2)));
  const mine = dates.filter((_, k) => k % jobs === 0);
  const workers = Array.from({ length: jobs - 1 }, (_, w) =>
    evaluateInWorker(
      { sources: opts.sources, cache: opts.cache },
      mode,
      opts.weights,
      dates.filter((_, k) => k % jobs === w + 1),
      onPoint,
    ),
  );
  // Workers start loading while this thread evaluates its share.
  const lineCache = new Map<string, string[]>();
  const points: SeriesPoint[] = mine.map((d) => {
    const p = seriesPoint(ctx.schedule, law, d, mode, weights as SeriesWeights, lineCache);
    onPoint(p);
    return p;
  });
  for (const w of await Promise.all(workers)) points.push(...w);
  points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (progress) process.stderr.write('\n');
  const result = {
    rows: seriesRows(points, to, by),
    evaluated: dates,
    quotes: points.reduce((s, p) => s + p.quotes, 0),
  };
  const text = format === 'json' ? `${JSON.stringify(result.rows.map(round))}\n` : seriesCsv(result.rows, by);
  const seconds = (performance.now() - started) / 1000;
  const summary = `${result.rows.length} rows, ${from} to ${to} (${by}, ${mode}): ${result.evaluated.length} dates evaluated, ${result.quotes.toLocaleString('en-US')} quotes, weights ${info.source}, ${seconds.toFixed(1)} s`;
  if (!opts.output || opts.output === '-') {
    process.stdout.write(text);
    warn(summary);
    return;
  }
  const target = resolve(opts.output);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, target);
  out(`${opts.output}: ${summary}`);
}
