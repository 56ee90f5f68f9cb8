// `tariff compare-origins --hts H --date D`: every country ranked by the duty on one product on one date; with
// `--chart FILE.svg`, the ranking as a bar chart too.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compareOrigins, type OriginComparison } from '../../analytics/compare-origins.js';
import { InputError } from '../../core/errors.js';
import { parseEntry } from '../../core/evaluate/parse-entry.js';
import { atomicWriteFile } from '../../schedule/atomic.js';
import type { Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, printJson, table } from '../io.js';

/** Checks `--chart` before any work: the chart is SVG. */
function chartPath(path: string | undefined): string | null {
  if (path === undefined) return null;
  if (!/\.svg$/i.test(path))
    throw new InputError('chart', path, `--chart ${path}: the chart is an SVG file`, 'a file name ending in .svg');
  return resolve(path);
}

/**
 * Creates a directory and its missing parents one by one: Node's recursive mkdir never returns under /proc (it
 * retries the ENOENT forever), a plain mkdir fails with the reason.
 */
function makeDir(dir: string): void {
  if (existsSync(dir) || dirname(dir) === dir) return;
  makeDir(dirname(dir));
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** Writes the chart under a temporary name renamed into place: never a partial file, no temporary file left. */
async function writeChart(path: string, r: OriginComparison): Promise<void> {
  // Plot and its DOM are loaded only when a chart is asked for.
  const { compareOriginsChartSvg } = await import('../../analytics/chart.js');
  const svg = compareOriginsChartSvg(r);
  try {
    makeDir(dirname(path));
    atomicWriteFile(path, svg);
  } catch (e) {
    throw new Error(`cannot write the chart to ${path}: ${(e as Error).message}`);
  }
}

export async function runCompareOrigins(
  ctx: Context,
  opts: {
    hts?: string;
    date?: string;
    value?: string;
    quantity?: string;
    mode?: string;
    json?: boolean;
    limit?: string;
    chart?: string;
  },
): Promise<void> {
  const law = loadLawFor(ctx);
  // Parsed like a quote (any country will do for the checks), then quoted for every country.
  const e = parseEntry({ ...opts, country: 'US' }, law);
  const { country: _c, ...base } = e;
  const chart = chartPath(opts.chart);
  const r = compareOrigins(ctx.schedule, law, base);
  if (chart) await writeChart(chart, r);
  if (opts.json) return printJson(r);
  out(`${r.hts}  entered ${r.date}  (HTS ${r.revision})`);
  out(`  ${r.description}`);
  out('');
  const limit = opts.limit ? Number(opts.limit) : 40;
  const rows = r.rows.slice(0, limit).map((x) => {
    const names = x.countries.map((c) => c.code);
    const who = names.length > 8 ? `${names.slice(0, 8).join(' ')} +${names.length - 8} more` : names.join(' ');
    const parts = x.components
      .filter((c) => c.authority !== 'mfn' && (c.adValorem ?? 0) !== 0)
      .map((c) => `${c.heading} ${c.rateText}`)
      .join('; ');
    return [
      String(x.rank),
      x.totalAdValorem === null ? '?' : `${x.totalAdValorem}%`,
      x.totalDuty ? `$${x.totalDuty}` : '',
      who,
      parts || '(column 1 rate only)',
    ];
  });
  out(table([['Rank', 'Total', 'Duty', 'Countries', 'Additional duties'], ...rows]));
  if (r.rows.length > limit) out(`... ${r.rows.length - limit} more treatments (--limit, or --json)`);
  for (const n of r.notes) out(`  - ${n}`);
}
