// A worker thread of `tariff series --jobs N` (and of scenario series): loads the sources, the law (with the
// scenario applied, when given), the weights and the assumption data itself, evaluates the change dates it is given
// and posts one SeriesPoint per date back (typed arrays are copied by structured clone).
import { parentPort, workerData } from 'node:worker_threads';
import { loadContext, type GlobalOptions } from '../cli/context.js';
import { loadLawFor } from '../cli/law.js';
import { applyScenario } from '../core/law/scenario.js';
import { loadScenario } from '../load/scenario.js';
import {
  defaultWeights,
  loadAssumptionData,
  readWeights,
  seriesCountries,
  seriesPoint,
  type SeriesAssumptions,
} from './series.js';
import type { Mode } from '../core/evaluate/entry.js';
import type { IsoDate } from '../core/time/date.js';

export interface SeriesWorkerData {
  global: GlobalOptions;
  mode: Mode;
  weightsFile?: string;
  assumptions: SeriesAssumptions;
  /** A scenario file whose overlay is applied to the law (absolute path). */
  scenarioFile?: string;
  dates: IsoDate[];
}

const data = workerData as SeriesWorkerData;
const ctx = await loadContext(data.global);
const baseline = loadLawFor(ctx);
const law = data.scenarioFile ? applyScenario(baseline, loadScenario(data.scenarioFile)) : baseline;
const countries = seriesCountries(law, data.assumptions.universe);
const { weights } = data.weightsFile
  ? readWeights(data.weightsFile, countries)
  : defaultWeights(ctx.sourcesDir, countries);
const assumed = loadAssumptionData(ctx.sourcesDir, data.assumptions);
const lineCache = new Map<string, string[]>();
for (const date of data.dates)
  parentPort!.postMessage(seriesPoint(ctx.schedule, law, date, data.mode, weights, lineCache, assumed));
