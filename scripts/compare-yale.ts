// Compares a daily series of `tariff series` (CSV, by overall) with the Yale Budget Lab tariff-rate-tracker's
// published daily_overall_<DATE>.csv (or a file of its change points: a day not listed has the values of the last
// listed day before it). Prints, for each interval where either side changes, both values and the difference, and
// the share of days within the tolerance. Used for docs/validation.md.
//
//   npx tsx scripts/compare-yale.ts OURS.csv YALE.csv [--from 2025-01-01] [--to 2026-06-30] [--tolerance 0.5]
//     [--column mean_additional|mean_total|weighted_total]
import { readFileSync } from 'node:fs';
import { parseCsv } from '../src/analytics/series.js';

const COLUMNS = {
  mean_additional: ['mean_additional_pct', 'mean_additional_all_pairs'],
  mean_total: ['mean_total_pct', 'mean_total_all_pairs'],
  weighted_total: ['weighted_total_pct', 'weighted_etr'],
  weighted_additional: ['weighted_additional_pct', 'weighted_etr_additional'],
} as const;

function args() {
  const [ours, yale, ...rest] = process.argv.slice(2);
  if (!ours || !yale) {
    console.error('usage: compare-yale.ts OURS.csv YALE.csv [--from D] [--to D] [--tolerance PP] [--column C]');
    process.exit(2);
  }
  const opt = (name: string, dflt: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 && rest[i + 1] ? rest[i + 1]! : dflt;
  };
  const column = opt('column', 'mean_additional') as keyof typeof COLUMNS;
  if (!(column in COLUMNS)) throw new Error(`--column: one of ${Object.keys(COLUMNS).join(', ')}`);
  return {
    ours,
    yale,
    from: opt('from', '2025-01-01'),
    to: opt('to', '2026-06-30'),
    tol: Number(opt('tolerance', '0.5')),
    column,
  };
}

function table(path: string): Record<string, string>[] {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const head = rows[0]!;
  return rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

const next = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
};

const { ours, yale, from, to, tol, column } = args();
const [oc, yc] = COLUMNS[column];
const o = new Map(table(ours).map((r) => [r.date!, r]));
// Yale's rows, carried forward over days that a change-point file leaves out.
const ys = table(yale).sort((a, b) => (a.date! < b.date! ? -1 : 1));
const y = new Map<string, Record<string, string>>();
for (let k = 0; k < ys.length; k++) {
  const end = k + 1 < ys.length ? ys[k + 1]!.date! : next(ys[k]!.date!);
  for (let d = ys[k]!.date!; d < end; d = next(d)) y.set(d, ys[k]!);
}
let days = 0;
let within = 0;
let last = '';
const lines: string[] = [];
for (let d = from; d <= to; d = next(d)) {
  const a = o.get(d);
  const b = y.get(d);
  if (!a || !b) continue;
  const ov = Number(a[oc]);
  const yv = 100 * Number(b[yc]);
  const diff = ov - yv;
  days++;
  if (Math.abs(diff) <= tol) within++;
  const key = `${a.revision}|${b.revision}|${ov.toFixed(3)}|${yv.toFixed(3)}`;
  if (key !== last)
    lines.push(
      `${d}  ${a.revision!.padEnd(12)} ${b.revision!.padEnd(15)} ours ${ov.toFixed(3).padStart(7)}  yale ${yv.toFixed(3).padStart(7)}  diff ${(diff >= 0 ? '+' : '') + diff.toFixed(3)}${Math.abs(diff) > tol ? '  *' : ''}`,
    );
  last = key;
}
console.log(`${column}: ours ${oc} vs yale ${yc} (x100), ${from} to ${to}; * = more than ${tol} pp apart`);
console.log(lines.join('\n'));
console.log(`${within} of ${days} days within ${tol} pp (${((100 * within) / days).toFixed(1)}%)`);
