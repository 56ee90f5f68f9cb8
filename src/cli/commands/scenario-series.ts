// `tariff scenario run FILE --from D --to D` and `tariff scenario compare A B ... --from D --to D`: the daily series
// under the actual law (the baseline) and under each scenario, with the differences. Only the change dates where a
// scenario charges differently are evaluated under it (src/analytics/scenario-dates.ts); the others reuse the
// baseline's points.
import { resolve } from 'node:path';
import { seriesChartSvg } from '../../analytics/chart.js';
import { lawsDiffer } from '../../analytics/scenario-dates.js';
import { scenarioSeriesRows, type ScenarioSeriesRow } from '../../analytics/scenario-run.js';
import { changeDates, seriesRows, type SeriesBy, type SeriesPoint } from '../../analytics/series.js';
import { applyScenario } from '../../core/law/scenario.js';
import type { IsoDate } from '../../core/time/date.js';
import { loadScenario } from '../../load/scenario.js';
import type { Context } from '../context.js';
import { warn } from '../io.js';
import { evaluatePoints } from '../series-eval.js';
import { describeAssumptions, emit, prepareSeries, writeAtomic, type SeriesCliOptions } from './series.js';

const VALUES = ['mean_additional_pct', 'mean_total_pct', 'weighted_additional_pct', 'weighted_total_pct'] as const;

function pct(x: number | null): string {
  if (x === null) return '';
  const r = Math.round(x * 1e6) / 1e6;
  return String(r === 0 ? 0 : r);
}

/** Long format: one row per day (and country or authority) and scenario, the baseline first. */
function scenarioCsv(names: string[], series: ScenarioSeriesRow[][], by: SeriesBy): string {
  const cols = ['date', 'revision', ...(by === 'overall' ? [] : [by]), 'scenario', 'pairs', ...VALUES];
  cols.push(...VALUES.map((v) => `difference_${v}`));
  let s = `${cols.join(',')}\n`;
  const n = series[0]?.length ?? 0;
  const quoteName = (x: string) => (/[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
  for (let k = 0; k < n; k++) {
    const b = series[0]![k]!;
    const head = `${b.date},${b.revision},${by === 'overall' ? '' : `${by === 'country' ? b.country : b.authority},`}`;
    s += `${head}baseline,${b.pairs},${VALUES.map((v) => pct(b.baseline[v])).join(',')},0,0,${b.baseline.weighted_additional_pct === null ? '' : 0},${b.baseline.weighted_total_pct === null ? '' : 0}\n`;
    series.forEach((rows, i) => {
      const r = rows[k]!;
      s += `${head}${quoteName(names[i]!)},${r.pairs},${VALUES.map((v) => pct(r.alternative[v])).join(',')},${VALUES.map((v) => pct(r.difference[v])).join(',')}\n`;
    });
  }
  return s;
}

const round6 = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

export async function runScenarioSeries(ctx: Context, files: string[], opts: SeriesCliOptions): Promise<void> {
  const started = performance.now();
  const scenarios = files.map((f) => loadScenario(f));
  const { from, to, by, mode, format, assumptions, law, weights, info, assumed, evaluation } = prepareSeries(ctx, opts);
  const alternatives = scenarios.map((s) => applyScenario(law, s));
  // Every date where the baseline or a scenario can change.
  const all = new Set<string>(changeDates(ctx.schedule, law, from, to, mode));
  for (const alt of alternatives) for (const d of changeDates(ctx.schedule, alt, from, to, mode)) all.add(d);
  const dates = [...all].sort() as IsoDate[];
  const differing = alternatives.map((alt) => dates.filter((d) => lawsDiffer(law, alt, d, mode)));
  const total = dates.length + differing.reduce((n, d) => n + d.length, 0);
  let done = 0;
  const progress = process.stderr.isTTY;
  const onPoint = (p: SeriesPoint) => {
    done++;
    if (progress) process.stderr.write(`\r${done}/${total} points (${p.date}, HTS ${p.revision})   `);
  };
  const common = evaluation(onPoint);
  const base = await evaluatePoints(ctx, law, weights, assumed, dates, common);
  const baseRows = seriesRows(base, to, by);
  const series: ScenarioSeriesRow[][] = [];
  const altRows = [];
  for (let i = 0; i < alternatives.length; i++) {
    const own = await evaluatePoints(ctx, alternatives[i]!, weights, assumed, differing[i]!, {
      ...common,
      scenarioFile: resolve(files[i]!),
    });
    const byDate = new Map(own.map((p) => [p.date, p]));
    const points = base.map((p) => byDate.get(p.date) ?? p);
    const rows = seriesRows(points, to, by);
    altRows.push(rows);
    series.push(scenarioSeriesRows(baseRows, rows));
  }
  if (progress) process.stderr.write('\n');
  const names = scenarios.map((s) => s.name);
  const text =
    format === 'json'
      ? `${JSON.stringify({
          from,
          to,
          by,
          mode,
          assumptions,
          scenarios: scenarios.map((s, i) => ({ name: s.name, file: files[i], evaluated: differing[i]!.length })),
          rows: series[0]!.map((b, k) => ({
            date: b.date,
            revision: b.revision,
            ...(b.country !== undefined ? { country: b.country } : {}),
            ...(b.authority !== undefined ? { authority: b.authority } : {}),
            pairs: b.pairs,
            baseline: Object.fromEntries(VALUES.map((v) => [v, round6(b.baseline[v])])),
            alternatives: series.map((rows, i) => ({
              name: names[i],
              ...Object.fromEntries(VALUES.map((v) => [v, round6(rows[k]!.alternative[v])])),
              difference: Object.fromEntries(VALUES.map((v) => [v, round6(rows[k]!.difference[v])])),
            })),
          })),
        })}\n`
      : scenarioCsv(names, series, by);
  if (opts.chart) {
    if (by !== 'overall') warn('--chart: the scenario chart is drawn from the overall series; use --by overall');
    else
      writeAtomic(
        opts.chart,
        seriesChartSvg(
          { baseline: baseRows, alternative: altRows[0]!, label: names[0]! },
          { title: `${names[0]}: US tariff rates, ${from} to ${to}`, subtitle: describeAssumptions(assumptions) },
        ),
      );
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = `${baseRows.length} days x ${scenarios.length + 1} series, ${from} to ${to} (${by}, ${mode}; ${describeAssumptions(assumptions)}): ${dates.length} dates for the baseline, ${differing.map((d, i) => `${d.length} for "${names[i]}"`).join(', ')}; weights ${info.source}; ${seconds.toFixed(1)} s`;
  emit(opts.output, text, summary);
}
