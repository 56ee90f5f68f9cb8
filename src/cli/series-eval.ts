// Evaluating the change dates of a series in this thread and in worker threads (src/analytics/series-worker.ts),
// for `tariff series` and for scenario series. Dates are dealt round-robin: this thread takes every jobs-th date,
// the workers the others; the points come back in date order.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lawDir, lawKey } from '../load/index.js';
import {
  seriesPoint,
  type AssumptionData,
  type SeriesAssumptions,
  type SeriesPoint,
  type SeriesWeights,
} from '../analytics/series.js';
import type { SeriesWorkerData } from '../analytics/series-worker.js';
import type { Mode } from '../core/evaluate/entry.js';
import type { Law } from '../core/law/types.js';
import type { IsoDate } from '../core/time/date.js';
import type { Context } from './context.js';

export interface EvaluateOptions {
  global: { sources?: string | undefined; cache?: string | undefined };
  mode: Mode;
  weightsFile?: string | undefined;
  assumptions: SeriesAssumptions;
  /** The scenario applied to the law (workers load it themselves), absolute path. */
  scenarioFile?: string | undefined;
  jobs: number;
  onPoint?: (p: SeriesPoint) => void;
  /**
   * The evaluated points are kept in the cache directory (keyed by sources, law, code and options): `use` reuses
   * those there and adds the new ones, `refresh` evaluates every date anew and replaces them; absent: no cache.
   */
  cache?: 'use' | 'refresh';
}

// ---- the cache of evaluated points --------------------------------------------------------------------------

let codeKey: string | undefined;

/** What the points depend on: the sources, the law records, the compiled code, the options (and the scenario). */
function pointsKey(ctx: Context, opts: EvaluateOptions): string {
  // The compiled analytics, engine and loaders: a new version of the code computes anew.
  codeKey ??= ['core', 'analytics', 'load', 'schedule']
    .map((d) => join(dirname(fileURLToPath(import.meta.url)), '..', d))
    .filter((d) => existsSync(d))
    .map((d) => lawKey(d))
    .join(',');
  const file = (f: string | undefined) => {
    if (!f) return null;
    const st = statSync(f);
    return [f, st.size, st.mtimeMs, createHash('sha256').update(readFileSync(f)).digest('hex')];
  };
  return createHash('sha256')
    .update(
      JSON.stringify([
        ctx.verified.key,
        lawKey(lawDir()),
        codeKey,
        opts.mode,
        opts.assumptions,
        file(opts.weightsFile),
        file(opts.scenarioFile),
      ]),
    )
    .digest('hex')
    .slice(0, 24);
}

type Stored = Record<string, unknown>;

const TYPED = ['sumAdd', 'sumTotal', 'sumAuth', 'wSum', 'wAdd', 'wTotal', 'wAuth'] as const;

function store(p: SeriesPoint): Stored {
  const o: Stored = { ...p };
  for (const k of TYPED) o[k] = Array.from(p[k]);
  return o;
}

function restore(o: Stored): SeriesPoint {
  const p = { ...o } as unknown as SeriesPoint;
  for (const k of TYPED) (p as unknown as Record<string, Float64Array>)[k] = Float64Array.from(o[k] as number[]);
  return p;
}

function readPoints(file: string): Map<string, SeriesPoint> {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Stored>;
    return new Map(Object.entries(o).map(([d, p]) => [d, restore(p)]));
  } catch {
    // Missing or unreadable (e.g. interrupted): computed anew.
    return new Map();
  }
}

function writePoints(file: string, points: Map<string, SeriesPoint>): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(Object.fromEntries([...points].map(([d, p]) => [d, store(p)]))));
  renameSync(tmp, file);
}

function inWorker(opts: EvaluateOptions, dates: IsoDate[]): Promise<SeriesPoint[]> {
  if (!dates.length) return Promise.resolve([]);
  return new Promise((resolvePoints, reject) => {
    const points: SeriesPoint[] = [];
    const global = Object.fromEntries(Object.entries(opts.global).filter(([, v]) => v !== undefined));
    const data: SeriesWorkerData = {
      global,
      mode: opts.mode,
      assumptions: opts.assumptions,
      dates,
      ...(opts.weightsFile ? { weightsFile: opts.weightsFile } : {}),
      ...(opts.scenarioFile ? { scenarioFile: opts.scenarioFile } : {}),
    };
    const worker = new Worker(new URL('../analytics/series-worker.js', import.meta.url), { workerData: data });
    worker.on('message', (p: SeriesPoint) => {
      points.push(p);
      opts.onPoint?.(p);
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      code === 0 && points.length === dates.length
        ? resolvePoints(points)
        : reject(new Error(`series worker exited with code ${code} after ${points.length} of ${dates.length} dates`)),
    );
  });
}

/** The points of `dates` under `law` (the baseline, or the scenario's law when opts.scenarioFile is set). */
export async function evaluatePoints(
  ctx: Context,
  law: Law,
  weights: SeriesWeights,
  assumed: AssumptionData,
  dates: IsoDate[],
  opts: EvaluateOptions,
): Promise<SeriesPoint[]> {
  if (!opts.cache) return evaluateAll(ctx, law, weights, assumed, dates, opts);
  const file = join(ctx.cacheDir, 'series', `${pointsKey(ctx, opts)}.json`);
  const known = opts.cache === 'use' ? readPoints(file) : new Map<string, SeriesPoint>();
  const todo = dates.filter((d) => !known.has(d));
  for (const d of dates) if (known.has(d)) opts.onPoint?.(known.get(d)!);
  if (todo.length) {
    for (const p of await evaluateAll(ctx, law, weights, assumed, todo, opts)) known.set(p.date, p);
    writePoints(file, known);
  }
  return dates.map((d) => known.get(d)!);
}

async function evaluateAll(
  ctx: Context,
  law: Law,
  weights: SeriesWeights,
  assumed: AssumptionData,
  dates: IsoDate[],
  opts: EvaluateOptions,
): Promise<SeriesPoint[]> {
  const jobs = Math.max(1, Math.min(opts.jobs, Math.floor(dates.length / 2)));
  const mine = dates.filter((_, k) => k % jobs === 0);
  // Workers start loading while this thread evaluates its share.
  const workers = Array.from({ length: jobs - 1 }, (_, w) =>
    inWorker(
      opts,
      dates.filter((_, k) => k % jobs === w + 1),
    ),
  );
  const lineCache = new Map<string, string[]>();
  const points: SeriesPoint[] = mine.map((d) => {
    const p = seriesPoint(ctx.schedule, law, d, opts.mode, weights, lineCache, assumed);
    opts.onPoint?.(p);
    return p;
  });
  for (const w of await Promise.all(workers)) points.push(...w);
  return points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
