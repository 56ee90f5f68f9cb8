// The timeline of one entry line: what the line pays, from one country, on every date the law covers, as the list
// of the dates where the answer changes, each with what changed. The duty of a line can only change on a date where
// a dated rate, a product list window, a country group, a precedence window, a heading set member, an import
// prohibition, a special program's window or an HTS revision begins or ends (changeDates of series.ts, plus the
// special programs): the line is quoted on those candidate dates only (about 80 over 2025-2030), and a date is kept
// when its answer differs from the previous one. Pure: everything comes from the arguments.
import { quote, type QuoteResult } from '../core/evaluate/quote.js';
import type { Entry } from '../core/evaluate/entry.js';
import { FIRST_DATE } from '../core/evaluate/parse-entry.js';
import { isInputError } from '../core/errors.js';
import type { Authority, Law, Program } from '../core/law/types.js';
import type { IsoDate } from '../core/time/date.js';
import type { Schedule } from '../schedule/schedule.js';
import { changeDates } from './series.js';

/** One component of the answer on a change point (as in a quote, without its citation). */
export interface TimelineComponent {
  authority: Authority;
  heading: string | null;
  rateText: string;
  adValorem: number | null;
  /** The measure (candidate) and its program, for the measures of Chapter 99. */
  measureId?: string;
  title?: string;
  program?: string;
  programTitle?: string;
}

/** One measure whose part of the answer changed on a change point: `from` absent when it begins, `to` when it ends. */
export interface TimelineChange {
  authority: Authority;
  /** The program (law/ record) of the measure; absent for the column 1 rate. */
  program?: string;
  /** Its name: the program's title without the instrument in parentheses ("Section 232 automobiles, ..."). */
  name: string;
  from?: { heading: string | null; rateText: string; adValorem: number | null };
  to?: { heading: string | null; rateText: string; adValorem: number | null };
  /** What changed, in words: "9903.94.01 → 9903.94.41, +25% → 15% inclusive of the column 1 rate (+12.5%)". */
  label: string;
}

export type TimelineKind = QuoteResult['kind'] | 'no-line';

/** The answer from `date` until the next point's date (`to`, exclusive; open after the last point). */
export interface TimelinePoint {
  date: IsoDate;
  to?: IsoDate;
  kind: TimelineKind;
  /** HTS revision of the date (effective, or published as-published). */
  revision: string;
  /** Total ad valorem percent; null when unknown (a specific rate without value and quantity) or no duty applies. */
  total: number | null;
  /** Sum of the Chapter 99 components (the total without the column 1 rate); null when unknown. */
  additional: number | null;
  totalDuty: string | null;
  components: TimelineComponent[];
  /** What changed from the previous point (on the first point: what applies). */
  changes: TimelineChange[];
  /** The changes in one line: "Section 232 automobiles, ...: 9903.94.01 → 9903.94.41, +25% → 15% ...". */
  label: string;
  /** The duty differs from the previous point's: total, additional part or kind (true on the first point). */
  rateChanged: boolean;
  /** kind prohibited: the prohibition; kind no-rate, conflict, no-line: why there is no duty. */
  prohibition?: { authority: Authority; heading: string | null; title: string; from: string };
  reason?: string;
}

export interface Timeline {
  hts: string;
  country: string;
  mode: Entry['mode'];
  line: { hts: string; description: string };
  /** The first date (2025-01-01, or the loading or importation date of the entry when later). */
  from: IsoDate;
  /** The last candidate date evaluated: the law records no change after it. */
  last: IsoDate;
  /** How many candidate dates were quoted. */
  evaluated: number;
  points: TimelinePoint[];
}

const FAR = '9999-12-31' as IsoDate;

/**
 * The dates in [from, ∞) where an answer may change: the change dates of the daily series (series.ts) and the
 * windows of the special programs (a claim of USMCA, AU, KR... valid from or until a date).
 */
export function timelineDates(schedule: Schedule, law: Law, from: IsoDate, mode: Entry['mode']): IsoDate[] {
  const set = new Set<string>(changeDates(schedule, law, from, FAR, mode));
  for (const sp of law.specialPrograms.values())
    for (const d of [sp.from, sp.to]) if (d !== undefined && d > from) set.add(d);
  return [...set].sort() as IsoDate[];
}

/** A program's name: its title without the instrument in parentheses at the end. */
function programName(p: Program): string {
  return p.title.replace(/\s*\([^()]*\)\s*$/, '').trim() || p.id;
}

const PLAIN_PERCENT = /^\+?\d+(\.\d+)?%$/;

/** A rate as said in a label: the printed text, with its ad valorem equivalent when that is not plain. */
function rateWords(r: { rateText: string; adValorem: number | null }): string {
  if (PLAIN_PERCENT.test(r.rateText) || r.adValorem === null) return r.rateText;
  if (r.adValorem === 0 && /no additional duty|^free$/i.test(r.rateText)) return r.rateText;
  return `${r.rateText} (${r.adValorem > 0 ? '+' : ''}${r.adValorem}%)`;
}

function side(c: TimelineComponent) {
  return { heading: c.heading, rateText: c.rateText, adValorem: c.adValorem };
}

/** The label of one measure's change. */
function changeLabel(name: string, from?: TimelineComponent, to?: TimelineComponent, initial = false): string {
  const h = (c: TimelineComponent) => (c.heading ? `${c.heading} ` : '');
  if (initial && to) return `${name}: ${to.heading ? `${to.heading}, ` : ''}${rateWords(to)}`;
  if (from && to) {
    const heading = from.heading === to.heading ? (to.heading ?? '') : `${from.heading ?? '–'} → ${to.heading ?? '–'}`;
    const rate =
      from.rateText === to.rateText && from.adValorem === to.adValorem
        ? rateWords(to)
        : `${rateWords(from)} → ${rateWords(to)}`;
    return `${name}: ${heading ? `${heading}, ` : ''}${rate}`;
  }
  if (to) return `${name} begins: ${h(to)}${rateWords(to)}`.replace(/\s+$/, '');
  return `${name} ends (was ${h(from!)}${rateWords(from!)})`;
}

/** What identifies an answer: two dates with the same key charge the same (revision ids and notes left out). */
function keyOf(p: Omit<TimelinePoint, 'date' | 'changes' | 'label' | 'rateChanged'>): string {
  return JSON.stringify([
    p.kind,
    p.total,
    p.totalDuty,
    p.components.map((c) => [c.authority, c.heading, c.rateText, c.adValorem]),
    p.prohibition?.title ?? null,
    p.kind === 'conflict' ? (p.reason ?? null) : null,
  ]);
}

/**
 * The change points of one line from one country: `base` is the entry without its date (value, quantity, program,
 * loading and importation dates, content, claims and mode are kept on every date). Throws the InputError of the
 * first date when the line exists in no revision of the window.
 */
export function lineTimeline(schedule: Schedule, law: Law, base: Omit<Entry, 'date'>): Timeline {
  let from = FIRST_DATE;
  // The goods cannot be entered before they were loaded or imported.
  for (const d of [base.loaded, base.imported]) if (d !== undefined && d > from) from = d;
  const dates = timelineDates(schedule, law, from, base.mode);
  const programOf = new Map<string, Program>();
  for (const p of law.programs) for (const c of p.candidates) programOf.set(c.id, p);

  const points: TimelinePoint[] = [];
  let line: Timeline['line'] | null = null;
  let firstError: unknown = null;
  let prevKey = '';
  for (const date of dates) {
    const entry: Entry = { ...base, date };
    let q: QuoteResult;
    try {
      q = quote(schedule, law, entry, { trace: false });
    } catch (e) {
      // The line is not in this revision (added later or removed): a gap, not a failure, unless it never exists.
      if (!isInputError(e) || !/(^|\.)hts$/.test(e.field)) throw e;
      firstError ??= e;
      const rev = schedule.revisionAt(date, base.mode === 'as-published' ? 'published' : 'effective');
      const point = {
        date,
        kind: 'no-line' as const,
        revision: rev.id,
        total: null,
        additional: null,
        totalDuty: null,
        components: [],
        reason: e.message,
      };
      const key = keyOf(point);
      if (key !== prevKey) points.push({ ...point, changes: [], label: '', rateChanged: true });
      prevKey = key;
      continue;
    }
    line ??= q.line;
    const components: TimelineComponent[] =
      q.kind === 'quote'
        ? q.components.map((c) => {
            const p = c.measureId ? programOf.get(c.measureId) : undefined;
            return {
              authority: c.authority,
              heading: c.heading,
              rateText: c.rateText,
              adValorem: c.adValorem,
              ...(c.measureId ? { measureId: c.measureId } : {}),
              ...(c.title ? { title: c.title } : {}),
              ...(p ? { program: p.id, programTitle: programName(p) } : {}),
            };
          })
        : [];
    let additional: number | null = null;
    if (q.kind === 'quote') {
      additional = 0;
      for (const c of components)
        if (c.authority !== 'mfn')
          additional = c.adValorem === null || additional === null ? null : additional + c.adValorem;
      if (additional !== null) additional = Math.round(additional * 1e6) / 1e6;
    }
    const point = {
      date,
      kind: q.kind,
      revision: q.revision,
      total: q.kind === 'quote' ? q.totalAdValorem : null,
      additional,
      totalDuty: q.kind === 'quote' ? q.totalDuty : null,
      components,
      ...(q.kind === 'prohibited'
        ? {
            prohibition: {
              authority: q.prohibition.authority,
              heading: q.prohibition.heading,
              title: q.prohibition.title,
              from: q.prohibition.from,
            },
          }
        : {}),
      ...(q.kind === 'no-rate'
        ? { reason: q.reason }
        : q.kind === 'conflict'
          ? { reason: `${q.heading} is claimed by ${q.measures.join(' and ')}` }
          : {}),
    };
    const key = keyOf(point);
    if (key !== prevKey) points.push({ ...point, changes: [], label: '', rateChanged: true });
    prevKey = key;
  }
  if (!line) throw firstError as Error;

  // What changed: the components of consecutive points paired by program (the column 1 rate by itself).
  for (let k = 0; k < points.length; k++) {
    const p = points[k]!;
    const prev = k > 0 ? points[k - 1]! : null;
    if (k + 1 < points.length) p.to = points[k + 1]!.date;
    p.rateChanged = !prev || prev.kind !== p.kind || prev.total !== p.total || prev.additional !== p.additional;
    // After a point without components (the first, a prohibition, a gap), the changes say what applies.
    const initial = !prev || prev.kind !== 'quote';
    p.changes = diffComponents(prev?.components ?? [], p.components, initial);
    const words: string[] = [];
    if (p.kind === 'prohibited' && p.prohibition)
      words.push(
        `Import prohibited: ${p.prohibition.title}${p.prohibition.heading ? ` (${p.prohibition.heading})` : ''}`,
      );
    else if (p.kind === 'no-rate') words.push(`No rate: ${p.reason}`);
    else if (p.kind === 'conflict') words.push(`Conflicting measures: ${p.reason}`);
    else if (p.kind === 'no-line') words.push('The code is not a line of the HTS revision in force');
    else if (prev && prev.kind !== 'quote')
      words.push(prev.kind === 'prohibited' ? 'The prohibition ends' : `In HTS ${p.revision}`);
    // A quote lists what changed (after a prohibition or a gap: what applies again); a prohibition or a gap says
    // only that (its changes list the measures that no longer apply).
    if (p.kind === 'quote') words.push(...p.changes.map((c) => c.label));
    p.label = words.join('; ');
  }
  return {
    hts: line.hts,
    country: base.country,
    mode: base.mode,
    line,
    from,
    last: dates[dates.length - 1]!,
    evaluated: dates.length,
    points,
  };
}

/** The measures whose part changed between two answers (none vs some when one side has no components). */
function diffComponents(before: TimelineComponent[], after: TimelineComponent[], initial: boolean): TimelineChange[] {
  const group = (cs: TimelineComponent[]) => {
    const m = new Map<string, TimelineComponent[]>();
    for (const c of cs) {
      const k = c.authority === 'mfn' ? 'mfn' : (c.program ?? c.measureId ?? `${c.authority}/${c.heading}`);
      const l = m.get(k);
      if (l) l.push(c);
      else m.set(k, [c]);
    }
    return m;
  };
  const a = group(before);
  const b = group(after);
  const out: TimelineChange[] = [];
  // In the order of the new answer's components (CBP reporting order), then the measures that ended.
  const keys = [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))];
  for (const k of keys) {
    const xs = a.get(k) ?? [];
    const ys = b.get(k) ?? [];
    for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
      const x = xs[i];
      const y = ys[i];
      if (x && y && x.heading === y.heading && x.rateText === y.rateText && x.adValorem === y.adValorem) continue;
      const c = (y ?? x)!;
      const name = c.authority === 'mfn' ? 'Column 1 rate' : (c.programTitle ?? c.title ?? c.authority);
      out.push({
        authority: c.authority,
        ...(c.program ? { program: c.program } : {}),
        name,
        ...(x ? { from: side(x) } : {}),
        ...(y ? { to: side(y) } : {}),
        label: changeLabel(name, x, y, initial),
      });
    }
  }
  return out;
}
