// `tariff scenario run FILE` and `tariff scenario compare A B ...`: one entry quoted under the actual law (the
// baseline) and under each scenario (an overlay of measures, law/scenarios/*.yaml), with the difference.
import type { Quote, QuoteResult } from '../../core/evaluate/quote.js';
import { parseEntry, type RawEntry } from '../../core/evaluate/parse-entry.js';
import { D } from '../../core/money/index.js';
import { difference, runScenarioQuote } from '../../analytics/scenario-run.js';
import { loadScenario } from '../../load/scenario.js';
import type { Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, printJson, table } from '../io.js';

export { difference, runScenarioQuote, type Difference, type ScenarioRun } from '../../analytics/scenario-run.js';

export interface ScenarioFlags extends RawEntry {
  json?: boolean;
  trace?: boolean;
}

export function runScenario(ctx: Context, file: string, flags: ScenarioFlags): void {
  const scenario = loadScenario(file);
  const law = loadLawFor(ctx);
  const entry = parseEntry(flags, law);
  const r = runScenarioQuote(ctx.schedule, law, scenario, entry, { trace: flags.trace ?? false });
  if (flags.json) return printJson(r);
  header(r.baseline);
  out(`Scenario: ${r.name}${r.file ? ` (${r.file})` : ''}`);
  if (r.description) out(`  ${r.description}`);
  out('');
  printSideBySide([
    { label: 'baseline', q: r.baseline },
    { label: 'scenario', q: r.alternative },
  ]);
  notesOf('scenario', r.alternative);
}

export function runScenarioCompare(ctx: Context, files: string[], flags: ScenarioFlags): void {
  const scenarios = files.map((f) => loadScenario(f));
  const law = loadLawFor(ctx);
  const entry = parseEntry(flags, law);
  const runs = scenarios.map((s) => runScenarioQuote(ctx.schedule, law, s, entry, { trace: flags.trace ?? false }));
  const baseline = runs[0]!.baseline;
  if (flags.json)
    return printJson({
      baseline,
      alternatives: runs.map((r) => ({
        name: r.name,
        ...(r.file ? { file: r.file } : {}),
        quote: r.alternative,
        difference: r.difference,
      })),
    });
  header(baseline);
  runs.forEach((r, i) => out(`  [${i + 1}] ${r.name}${r.file ? ` (${r.file})` : ''}`));
  out('');
  printSideBySide([
    { label: 'baseline', q: baseline },
    ...runs.map((r, i) => ({ label: `[${i + 1}]`, q: r.alternative })),
  ]);
}

function header(q: QuoteResult): void {
  const i = q.input;
  out(
    `${q.line.hts}  from ${i.country}, entered ${i.date}${i.value ? `, value $${i.value}` : ''}  (${i.mode}; HTS ${q.revision})`,
  );
  out(`  ${q.line.description}`);
}

function notesOf(label: string, q: QuoteResult): void {
  if (!q.notes.length) return;
  out('');
  out(`Notes (${label}):`);
  for (const n of q.notes) out(`  - ${n}`);
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? '?' : `${x}%`;
}

/** Components by authority and heading, one column per quote; totals and differences from the baseline. */
function printSideBySide(cols: { label: string; q: QuoteResult }[]): void {
  const keys: string[] = [];
  const cell = new Map<string, number | null>();
  cols.forEach(({ q }, ci) => {
    if (q.kind !== 'quote') return;
    for (const c of (q as Quote).components) {
      const k = `${c.authority}  ${c.heading ?? '-'}`;
      if (!keys.includes(k)) keys.push(k);
      const id = `${ci}|${k}`;
      const prev = cell.get(id);
      cell.set(
        id,
        c.adValorem === null || prev === null
          ? null
          : D(prev ?? 0)
              .plus(c.adValorem)
              .toNumber(),
      );
    }
  });
  const rows: string[][] = [['Authority  Heading', ...cols.map((c) => c.label)]];
  for (const k of keys)
    rows.push([k, ...cols.map((_, ci) => (cell.has(`${ci}|${k}`) ? pct(cell.get(`${ci}|${k}`)) : '-'))]);
  const what = (q: QuoteResult) =>
    q.kind === 'no-rate'
      ? 'no rate'
      : q.kind === 'conflict'
        ? `conflict on ${q.heading}`
        : q.kind === 'prohibited'
          ? 'prohibited'
          : null;
  rows.push(['total', ...cols.map(({ q }) => what(q) ?? pct((q as Quote).totalAdValorem))]);
  if (cols.some(({ q }) => q.kind === 'quote' && q.totalDuty !== null))
    rows.push(['duty', ...cols.map(({ q }) => (q.kind === 'quote' && q.totalDuty !== null ? `$${q.totalDuty}` : '-'))]);
  const base = cols[0]!.q;
  const diffs = cols.map(({ q }) => difference(base, q));
  rows.push([
    'difference',
    '',
    ...diffs.slice(1).map((d) => {
      if (d.totalAdValorem === null) return '?';
      const sign = d.totalAdValorem > 0 ? '+' : '';
      const duty =
        d.totalDuty !== null
          ? ` (${d.totalDuty.startsWith('-') ? `-$${d.totalDuty.slice(1)}` : `$${d.totalDuty}`})`
          : '';
      return `${sign}${d.totalAdValorem} pp${duty}`;
    }),
  ]);
  out(table(rows));
}
