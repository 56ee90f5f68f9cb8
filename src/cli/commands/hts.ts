// `tariff hts CODE`: one line of the schedule with everything it inherits, as printed and as parsed.
import { parseHts, printHts } from '../../core/hts/code.js';
import { parseRate, parseSpecial, printRate, type RateExpr } from '../../core/hts/rate/index.js';
import type { Line, Schedule } from '../../schedule/schedule.js';
import { out, printJson, table, warn, wrap } from '../io.js';
import { pickRevision } from '../revision-pick.js';
import type { Context } from '../context.js';

function column(text: string): { text: string; expr: RateExpr } | null {
  return text ? { text, expr: parseRate(text) } : null;
}

function special(text: string): { text: string; programs: string[]; expr: RateExpr }[] {
  if (!text) return [];
  const col = parseSpecial(text);
  const groups = col.groups.map((g) => ({ text: printRate(g.expr), programs: g.programs, expr: g.expr }));
  if (col.trailing) groups.push({ text: printRate(col.trailing), programs: [], expr: col.trailing });
  return groups;
}

export function htsJson(schedule: Schedule, line: Line) {
  const rev = schedule.revision(line.revision);
  const lines = line.isLine
    ? undefined
    : schedule
        .children(line.code, rev)
        .map((c) => schedule.line(c, rev)!)
        .filter((l) => l.isLine)
        .map((l) => ({ hts: l.hts, description: l.description, general: l.general, units: l.units }));
  return {
    hts: line.hts,
    revision: line.revision,
    revisionDates: { published: rev.published, effective: rev.effective },
    description: line.description,
    path: line.path.map((p) => p.description),
    pathCodes: line.path.map((p) => (p.code ? printHts(p.code) : null)),
    isLine: line.isLine,
    units: line.units,
    general: column(line.general),
    special: special(line.special),
    other: column(line.other),
    additionalDuties: line.additionalDuties || null,
    rateSource: line.rateSource ? printHts(line.rateSource) : null,
    footnotes: line.footnotes,
    chapter99: line.chapter99,
    changes: schedule.history(line.code),
    ...(lines ? { lines } : {}),
  };
}

export function runHts(ctx: Context, code: string, opts: { date?: string; revision?: string; json?: boolean }): void {
  const digits = parseHts(code, 'hts');
  const { revision, notes } = pickRevision(ctx.schedule, opts);
  const line = ctx.schedule.requireLine(digits, revision);
  const j = htsJson(ctx.schedule, line);
  if (opts.json) return printJson(notes.length ? { ...j, notes } : j);
  for (const n of notes) warn(n);
  const rows: string[][] = [];
  const W = 100;
  out(`${j.hts}  ${j.description.length > 110 ? `${j.description.slice(0, 107)}...` : j.description}`);
  out(`  in ${j.revision} (published ${j.revisionDates.published}, in force from ${j.revisionDates.effective})`);
  out('');
  j.path.forEach((d, i) => {
    const c = j.pathCodes[i];
    out(`${'  '.repeat(i + 1)}${c ? `${c}  ` : ''}${wrap(d, W - 2 * i, '  '.repeat(i + 2))}`);
  });
  out('');
  if (j.units.length) rows.push(['Units', j.units.join(', ')]);
  if (j.general) rows.push(['General', j.general.text, `(${describe(j.general.expr)})`]);
  else if (j.isLine) rows.push(['General', '(no rate: see the line text and its notes)']);
  for (const g of j.special)
    rows.push([
      rows.some((r) => r[0] === 'Special') ? '' : 'Special',
      g.text,
      g.programs.length ? `(${g.programs.join(', ')})` : '',
    ]);
  if (j.other) rows.push(['Column 2', j.other.text, `(${describe(j.other.expr)})`]);
  if (j.additionalDuties) rows.push(['Additional', j.additionalDuties]);
  if (j.rateSource && j.rateSource !== j.hts) rows.push(['Rates from', j.rateSource]);
  if (j.chapter99.length) rows.push(['Chapter 99', j.chapter99.join(', ')]);
  for (const f of j.footnotes)
    rows.push([
      rows.some((r) => r[0] === 'Footnotes') ? '' : 'Footnotes',
      `${f.value} (${f.columns.join(', ') || 'row'})`,
    ]);
  out(table(rows));
  if (j.lines) {
    out('');
    out(`Lines under ${j.hts} (${j.lines.length}):`);
    out(table(j.lines.map((l) => ['  ' + l.hts, l.general || '-', l.description.slice(0, 80)])));
  }
  out('');
  if (j.changes.length === 0) out(`Changes: none from ${ctx.schedule.first.id} to ${ctx.schedule.latest.id}`);
  else {
    out('Changes:');
    out(
      table(
        j.changes.map((c) => [
          '  ' + c.revision,
          c.field,
          c.field === 'added' || c.field === 'removed' ? '' : `${shorten(c.from)} -> ${shorten(c.to)}`,
        ]),
      ),
    );
  }
}

function shorten(s: string | null): string {
  if (s === null) return '(none)';
  if (s === '') return '(blank)';
  return s.length > 70 ? `${s.slice(0, 67)}...` : s;
}

/** A few words saying what a parsed rate is. */
export function describe(e: RateExpr): string {
  switch (e.kind) {
    case 'free':
      return 'free';
    case 'adValorem':
      return `ad valorem ${e.percent}%`;
    case 'specific':
      return `specific, per ${e.unit}`;
    case 'compound':
      return `compound of ${e.terms.length} terms`;
    case 'applicable':
      if (e.plus) return `+${e.plus.percent}% on top of the goods' own rate`;
      if (e.contentPlus)
        return `+${e.contentPlus.percent}% of the value of the ${e.contentPlus.content} content, on top`;
      if (e.minus) return `the goods' own rate minus ${e.minus.percent}%`;
      return "the goods' own rate: no additional duty";
    case 'noChange':
      return 'no change';
    default:
      return e.kind;
  }
}
