// A worker thread of `tariff series --jobs N`: loads the sources, the law and the weights itself, evaluates the
// change dates it is given and posts one SeriesPoint per date back (typed arrays are copied by structured clone).
import { parentPort, workerData } from 'node:worker_threads';
import { loadContext, type GlobalOptions } from '../cli/context.js';
import { loadLawFor } from '../cli/law.js';
import { defaultWeights, matrixCountries, readWeights, seriesPoint } from './series.js';
import type { Mode } from '../core/evaluate/entry.js';
import type { IsoDate } from '../core/time/date.js';

export interface SeriesWorkerData {
  global: GlobalOptions;
  mode: Mode;
  weightsFile?: string;
  dates: IsoDate[];
}

const data = workerData as SeriesWorkerData;
const ctx = await loadContext(data.global);
const law = loadLawFor(ctx);
const countries = matrixCountries(law);
const { weights } = data.weightsFile
  ? readWeights(data.weightsFile, countries)
  : defaultWeights(ctx.sourcesDir, countries);
const lineCache = new Map<string, string[]>();
for (const date of data.dates)
  parentPort!.postMessage(seriesPoint(ctx.schedule, law, date, data.mode, weights, lineCache));
