// Evaluating the change dates of a series in this thread and in worker threads (src/analytics/series-worker.ts),
// for `tariff series` and for scenario series. Dates are dealt round-robin: this thread takes every jobs-th date,
// the workers the others; the points come back in date order.
import { Worker } from 'node:worker_threads';
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
