// The rate matrix of one date: every HTS-10 line of chapters 1-97 x every country with a Census code, one CSV row
// each, with the column 1 rate, the additional duties by authority and the total (percent of the customs value).
//
// Speed by design: on a date, countries that the law treats identically form one class (same column 1 / column 2
// status, same membership in the country scope of every measure in force), and within one line only the measures
// whose product scope includes the line can tell classes apart. Classes whose measures differ only in heading
// and citation (two countries' reciprocal headings at the same rate) are one treatment. A quote is decided by the
// rate column that applies and the measures the engine tries, in order: each line is quoted once per distinct
// key, and lines with the same key share the quote. Measures that need a claim, a program, a loading date or
// declared content are left out (the engine skips them for such entries). The quotes are the engine's own
// (quote()), never re-derived: the classes only decide which quotes can be reused.
import { inGroup } from '../core/law/countries.js';
import { listMatch, prefixesOf } from '../core/law/products.js';
import { quote, type QuoteResult } from '../core/evaluate/quote.js';
import type { Entry, Mode } from '../core/evaluate/entry.js';
import {
  MEASURE_AUTHORITIES,
  type Candidate,
  type CountryScope,
  type Law,
  type ProductScope,
} from '../core/law/types.js';
import type { IsoDate } from '../core/time/date.js';
import type { Schedule } from '../schedule/schedule.js';

export const MATRIX_COLUMNS = [
  'hts10',
  'country',
  'census',
  'mfn_pct',
  'additional_pct',
  'total_pct',
  ...MEASURE_AUTHORITIES,
  'note',
] as const;

/** The authority columns, in the order of MATRIX_COLUMNS. */
const AUTHORITY_COLUMNS = MEASURE_AUTHORITIES;

export interface MatrixCountry {
  code: string;
  census: string;
}

/** The countries of the matrix: every country of the country table with a Census code, but the United States. */
export function matrixCountries(law: Law): MatrixCountry[] {
  return [...law.countries.countries.values()]
    .filter((c) => c.census && c.code !== 'US')
    .map((c) => ({ code: c.code, census: c.census! }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The lines of the given chapters (default 1-97) in a revision, in HTS order: the 10-digit statistical lines, and
 * the 8-digit lines without statistical suffixes (declared as 10 digits ending in 00, e.g. 9101.11.4000), which
 * are returned as their 8 digits (the schedule's code; printed and keyed as 10 digits by the matrix and series).
 */
export function matrixLines(
  schedule: Pick<Schedule, 'codesIn' | 'isLine'>,
  rev: Parameters<Schedule['codesIn']>[0],
  chapters?: ReadonlySet<number>,
): string[] {
  const out: string[] = [];
  for (const code of schedule.codesIn(rev)) {
    if (code.length !== 10 && !(code.length === 8 && schedule.isLine(code, rev))) continue;
    const ch = Number(code.slice(0, 2));
    if (chapters ? !chapters.has(ch) : ch < 1 || ch > 97) continue;
    out.push(code);
  }
  return out;
}

/** The 10-digit code a line is declared under: an 8-digit line without statistical suffixes takes 00. */
export function hts10Of(code: string): string {
  return code.length === 8 ? `${code}00` : code;
}

/** A measure that may apply on the date, with the countries of the matrix its country scope includes. */
export interface ActiveCandidate {
  candidate: Candidate;
  /** 1 where the scope includes the country (by matrix country index). */
  members: Uint8Array;
  /** The scope includes some countries of the matrix and not others: it can tell classes apart. */
  varies: boolean;
  /**
   * What the engine does with the measure once its product scope includes the line: program, dated rates,
   * conditions, share (and the heading when another program uses it too: a conflict). Equal ids, equal duties.
   */
  effect: number;
  /** The same with the product scope: equal ids, equal duties on every line. */
  full: number;
  /** One of its rates is a duty on the metal content. */
  content: boolean;
}

export interface CountryClass {
  /** Countries (ISO codes) the law treats identically on the date. */
  countries: string[];
  column2: boolean;
  /** Ids of the measures in force whose country scope includes the class (but not every country). */
  measures: string[];
  /**
   * Classes with the same treatment index get the same rates on every line: their measures differ only in
   * heading and citation (e.g. two countries' reciprocal headings at the same rate).
   */
  treatment: number;
}

export interface CountryClasses {
  classes: CountryClass[];
  /** Matrix country index -> class index. */
  classOf: Int32Array;
  /** Number of treatments (classes with equal rates on every line merged). */
  treatments: number;
  /** Matrix country index -> treatment index. */
  treatmentOf: Int32Array;
  countries: MatrixCountry[];
  /** The measures that may apply on the date, in the engine's evaluation order. */
  active: ActiveCandidate[];
  column2: Uint8Array;
}

/**
 * Whether a measure may be charged on the date to an entry that claims nothing (no special program, loading date,
 * content shares or exemption claims: the matrix's entries). Errs on the side of yes: a measure counted that is not
 * charged only costs a class split, never a wrong rate. The engine skips the others and tries the next candidate,
 * so leaving them out changes no quote.
 */
function mayApply(c: Candidate, date: IsoDate, mode: Mode, facts: ClassFacts): boolean {
  const w = c.when ?? {};
  if (w.claim || w.loadedBefore || w.enteredBefore) return false;
  if (w.programClaimed && !w.programClaimed.some((p) => facts.programs?.includes(p))) return false;
  if (w.usContentAtLeast !== undefined && w.usContentAtLeast > 0) return false;
  return c.rates.some((v) => {
    const to = mode === 'as-published' && v.toPublished ? v.toPublished : v.to;
    // A duty on the metal content charges nothing when no content is declared.
    return date >= v.from && (to === undefined || date < to) && (facts.content || v.rate.kind !== 'content');
  });
}

/**
 * What the entries of an evaluation may declare beyond the bare line, country and date (series assumptions): a
 * special program claimed by some countries' entries, metal content shares. Measures that need them count.
 */
export interface ClassFacts {
  /** Programs some entries claim (e.g. S for USMCA utilization). */
  programs?: readonly string[];
  /** Entries declare metal content shares. */
  content?: boolean;
  /** Countries that get a class of their own (their entries differ from the others', e.g. by a program claim). */
  singletons?: readonly string[];
}

/** The country scope on a date, as the engine reads it (groups with dated members, exceptions). */
export function scopeIncludes(law: Law, scope: CountryScope | undefined, country: string, date: IsoDate): boolean {
  if (!scope) return true;
  if (scope.except?.includes(country)) return false;
  if (scope.exceptGroups?.some((g) => inGroup(law.countries, g, country, date))) return false;
  if (!scope.codes && !scope.groups) return true;
  if (scope.codes?.includes(country)) return true;
  return (scope.groups ?? []).some((g) => inGroup(law.countries, g, country, date));
}

/**
 * The country classes of a date: countries with the same column 2 status and the same membership in the country
 * scope of every measure that may apply on the date get the same quote for every line.
 */
export function countryClasses(
  law: Law,
  date: IsoDate,
  mode: Mode = 'legal',
  countries: MatrixCountry[] = matrixCountries(law),
  facts: ClassFacts = {},
): CountryClasses {
  const n = countries.length;
  const column2 = new Uint8Array(n);
  countries.forEach((c, i) => (column2[i] = inGroup(law.countries, 'column-2', c.code, date) ? 1 : 0));
  // Headings used by more than one program: two of them charged together are a conflict, so they stay apart.
  const programsOf = new Map<string, Set<string>>();
  for (const p of law.programs)
    for (const c of p.candidates) programsOf.set(c.heading, (programsOf.get(c.heading) ?? new Set()).add(p.id));
  const ids = new Map<string, number>();
  const idOf = (key: string) => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const active: ActiveCandidate[] = [];
  for (const p of law.programs)
    for (const c of p.candidates) {
      if (!mayApply(c, date, mode, facts)) continue;
      const members = new Uint8Array(n);
      let count = 0;
      countries.forEach((x, i) => {
        if (scopeIncludes(law, c.countries, x.code, date)) {
          members[i] = 1;
          count++;
        }
      });
      if (count === 0) continue;
      const effect = JSON.stringify([
        p.id,
        c.rates.map((v) => [v.from, v.to, v.toPublished, v.published, v.rate]),
        c.when ?? null,
        c.share ?? null,
        mode === 'as-published' ? (c.firstPublished ?? null) : null,
        programsOf.get(c.heading)!.size > 1 ? c.heading : null,
      ]);
      active.push({
        candidate: c,
        members,
        varies: count < n,
        effect: idOf(effect),
        full: idOf(JSON.stringify([effect, c.products ?? null])),
        content: c.rates.some((v) => v.rate.kind === 'content'),
      });
    }
  const varying = active.filter((a) => a.varies);
  // Import prohibitions in force on the date split countries as measures do (goods of some may not be entered).
  const bans = law.prohibitions
    .filter((b) => b.importedFrom <= date && (!b.importedTo || date < b.importedTo))
    .map((b) => countries.map((x) => (scopeIncludes(law, b.countries, x.code, date) ? '1' : '0')));
  const classes: CountryClass[] = [];
  const classOf = new Int32Array(n);
  const treatmentOf = new Int32Array(n);
  const byKey = new Map<string, number>();
  const byTreatment = new Map<string, number>();
  const singles = new Set(facts.singletons ?? []);
  for (let i = 0; i < n; i++) {
    const single = singles.has(countries[i]!.code) ? `|${countries[i]!.code}` : '';
    let key = String(column2[i]) + single;
    for (const a of varying) key += a.members[i] ? '1' : '0';
    for (const m of bans) key += m[i];
    // The measures in evaluation order (the order decides which candidate of a program applies).
    let treatment = String(column2[i]) + single;
    for (const a of active) if (a.members[i]) treatment += `.${a.full}`;
    for (const [k, m] of bans.entries()) if (m[i] === '1') treatment += `.ban${k}`;
    let t = byTreatment.get(treatment);
    if (t === undefined) byTreatment.set(treatment, (t = byTreatment.size));
    treatmentOf[i] = t;
    let k = byKey.get(key);
    if (k === undefined) {
      k = classes.length;
      byKey.set(key, k);
      classes.push({
        countries: [],
        column2: column2[i] === 1,
        measures: varying.filter((a) => a.members[i]).map((a) => a.candidate.id),
        treatment: t,
      });
    }
    classes[k]!.countries.push(countries[i]!.code);
    classOf[i] = k;
  }
  return { classes, classOf, treatments: byTreatment.size, treatmentOf, countries, active, column2 };
}

/** Product scope matching for one line, as the engine reads it (each named list looked up once per line). */
export function productMatcher(law: Law, hts: string, date: IsoDate): (scope: ProductScope | undefined) => boolean {
  const prefixes = prefixesOf(hts);
  const lists = new Map<string, boolean>();
  const inList = (name: string): boolean => {
    let m = lists.get(name);
    if (m === undefined) {
      const list = law.lists.get(name);
      if (!list) throw new Error(`law: product list ${name} is not loaded`);
      m = listMatch(list, hts, date, prefixes) !== null;
      lists.set(name, m);
    }
    return m;
  };
  const inPrefixes = (ps?: string[]) => !!ps && ps.some((p) => hts.startsWith(p));
  const inLists = (ls?: string[]) => !!ls && ls.some(inList);
  return (scope) => {
    if (!scope) return true;
    if (scope.except && (inPrefixes(scope.except.prefixes) || inLists(scope.except.lists))) return false;
    if (scope.all) return true;
    return inPrefixes(scope.prefixes) || inLists(scope.lists);
  };
}

/** A number of percent, exact to 6 decimals, without trailing zeros. */
function pct(x: number): string {
  const r = Math.round(x * 1e6) / 1e6;
  return String(r === 0 ? 0 : r);
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The columns of a row after hts10,country,census (with the leading comma and the newline). */
export function rowTail(q: QuoteResult): string {
  const empty = ','.repeat(3 + AUTHORITY_COLUMNS.length + 1);
  if (q.kind === 'no-rate') return `${empty}${csvField(`no rate: ${q.reason}`)}\n`;
  if (q.kind === 'conflict')
    return `${empty}${csvField(`conflict: ${q.heading} is claimed by ${q.measures.join(' and ')}`)}\n`;
  if (q.kind === 'prohibited')
    return `${empty}${csvField(`prohibited: ${q.prohibition.title} (${q.prohibition.citation})`)}\n`;
  const by = new Map<string, number>();
  let mfn: number | null = null;
  let additional = 0;
  let known = true;
  for (const c of q.components) {
    if (c.authority === 'mfn') {
      mfn = c.adValorem;
      continue;
    }
    if (c.adValorem === null) {
      known = false;
      continue;
    }
    additional += c.adValorem;
    by.set(c.authority, (by.get(c.authority) ?? 0) + c.adValorem);
  }
  const total = q.totalAdValorem;
  const add = total !== null && mfn !== null ? total - mfn : known ? additional : null;
  let s = `,${mfn === null ? '' : pct(mfn)},${add === null ? '' : pct(add)},${total === null ? '' : pct(total)}`;
  for (const a of AUTHORITY_COLUMNS) s += `,${pct(by.get(a) ?? 0)}`;
  return `${s},\n`;
}

interface Tail {
  text: string;
  kind: QuoteResult['kind'];
}

/** One line of a date: its code and, per treatment, what `summarize` made of the treatment's quote. */
export interface LineTreatments<T> {
  /** The 10-digit code the line is declared under. */
  hts: string;
  /** The schedule's code (8 digits for a line without statistical suffixes). */
  code: string;
  values: T[];
  /** With EntryFacts.claim: the values of the claiming treatments' quotes with the claim (else undefined). */
  claimed: (T | undefined)[];
}

/** What the entries of lineTreatments declare (series assumptions). */
export interface EntryFacts {
  /**
   * Some treatments' lines are also quoted with a special program claimed (e.g. S for USMCA utilization): those
   * with `only[t]` = 1, on the lines `wanted` accepts (all when absent).
   */
  claim?: { program: string; only: Uint8Array; wanted?: (hts10: string) => boolean };
  /** Metal content shares of a line (by its 10-digit code), when it declares any. */
  content?: (hts10: string) => Entry['content'] | undefined;
}

/**
 * The lines of a date with one value per treatment (see countryClasses): the engine's quote of the treatment's
 * representative country, summarized. Lines and treatments whose rate column and tried measures are the same
 * share one quote (and one summary); a quote without a rate is not shared (it names its line). `values` is reused
 * from one line to the next: copy what you keep.
 */
export function* lineTreatments<T>(
  schedule: Schedule,
  law: Law,
  date: IsoDate,
  mode: Mode,
  lines: readonly string[],
  cc: CountryClasses,
  summarize: (q: QuoteResult) => T,
  onQuote?: () => void,
  facts: EntryFacts = {},
): Generator<LineTreatments<T>> {
  const rev = schedule.revisionAt(date, mode === 'as-published' ? 'published' : 'effective');
  const { countries, treatments, treatmentOf, active, column2 } = cc;
  // One representative country per treatment.
  const reps = new Int32Array(treatments).fill(-1);
  for (let i = 0; i < countries.length; i++) if (reps[treatmentOf[i]!] === -1) reps[treatmentOf[i]!] = i;
  // Values by what decides the quote: the rate column that applies (column 1 general or column 2) and the
  // measures the engine tries, in order (those whose product scope includes the line and country scope the
  // country). Lines and treatments with the same key share one quote.
  const memo = new Map<string, T>();
  const values: T[] = new Array<T>(treatments);
  const claimed: (T | undefined)[] = new Array<T | undefined>(treatments);
  const relevant: ActiveCandidate[] = [];
  const claim = facts.claim;
  for (const code of lines) {
    const hts = hts10Of(code);
    const line = schedule.requireLine(code, rev);
    const inScope = productMatcher(law, code, date);
    relevant.length = 0;
    let contentDuty = false;
    for (const a of active)
      if (inScope(a.candidate.products)) {
        relevant.push(a);
        if (a.content) contentDuty = true;
      }
    // Content shares matter only where a duty on the metal content may apply: elsewhere lines keep sharing quotes.
    const content = contentDuty ? facts.content?.(hts) : undefined;
    const factsKey = content ? `${JSON.stringify(content)}|` : '|';
    const claimHere = claim && (!claim.wanted || claim.wanted(hts));
    const valueOf = (key: string, r: number, program?: string): T => {
      let v = memo.get(key);
      if (v === undefined) {
        const entry: Entry = { hts: code, country: countries[r]!.code, date, mode };
        if (program) entry.program = program;
        if (content) entry.content = content;
        const q = quote(schedule, law, entry, { trace: false });
        onQuote?.();
        v = summarize(q);
        // A line without a rate is named in its note: not shared with other lines.
        if (q.kind !== 'no-rate') memo.set(key, v);
      }
      return v;
    };
    for (let t = 0; t < treatments; t++) {
      const r = reps[t]!;
      let key = (column2[r] ? `o${line.other}\u0000` : `g${line.general}\u0000`) + factsKey;
      for (const a of relevant) if (a.members[r]) key += `${a.effect}.`;
      values[t] = valueOf(key, r);
      // The claim's quote also depends on the special column.
      claimed[t] =
        claimHere && claim.only[t]
          ? valueOf(`${key}|${claim.program}\u0000${line.special}`, r, claim.program)
          : undefined;
    }
    yield { hts, code, values, claimed };
  }
}

export interface MatrixOptions {
  date: IsoDate;
  mode?: Mode;
  /** Chapters to include (default 1-97). */
  chapters?: ReadonlySet<number>;
  /** Explicit HTS-10 lines (instead of chapters), e.g. for tests. */
  lines?: string[];
  /** Rows are handed over in chunks of about this many characters, always whole rows (default 1 MiB). */
  chunkChars?: number;
}

export interface MatrixStats {
  date: IsoDate;
  mode: Mode;
  revision: string;
  lines: number;
  countries: number;
  rows: number;
  /** Country classes of the date (same column 2 status and membership in every measure that may apply). */
  classes: number;
  /** Classes merged when their measures differ only in heading and citation (same rates on every line). */
  treatments: number;
  /** Quotes computed (the rest of the rows reuse them). */
  quotes: number;
  noRate: number;
  /** Rows of goods that may not be entered on the date (an import prohibition): no rate, the reason in the note. */
  prohibited: number;
  conflicts: number;
}

/** What both matrix writers (CSV, Parquet) start from: the date's revision, lines, country classes and counts. */
export function matrixSetup(schedule: Schedule, law: Law, opts: MatrixOptions) {
  const mode: Mode = opts.mode ?? 'legal';
  const date = opts.date;
  const rev = schedule.revisionAt(date, mode === 'as-published' ? 'published' : 'effective');
  const lines = opts.lines ?? matrixLines(schedule, rev, opts.chapters);
  const cc = countryClasses(law, date, mode);
  const stats: MatrixStats = {
    date,
    mode,
    revision: rev.id,
    lines: lines.length,
    countries: cc.countries.length,
    rows: 0,
    classes: cc.classes.length,
    treatments: cc.treatments,
    quotes: 0,
    noRate: 0,
    prohibited: 0,
    conflicts: 0,
  };
  return { mode, date, lines, cc, stats };
}

/**
 * Writes the matrix as CSV (header first) through `sink`, in chunks of whole rows; awaits the sink when it returns
 * a promise (backpressure). Rows are in HTS order, then country code order.
 */
export async function writeMatrix(
  schedule: Schedule,
  law: Law,
  opts: MatrixOptions,
  sink: (chunk: string) => void | Promise<void>,
): Promise<MatrixStats> {
  const { mode, date, lines, cc, stats } = matrixSetup(schedule, law, opts);
  const { countries, treatmentOf } = cc;
  const heads = countries.map((c) => `,${c.code},${c.census}`);
  const chunkChars = opts.chunkChars ?? 1 << 20;
  let buf = `${MATRIX_COLUMNS.join(',')}\n`;
  const summarize = (q: QuoteResult): Tail => ({ text: rowTail(q), kind: q.kind });
  const counted = () => void stats.quotes++;
  for (const { hts, values: tails } of lineTreatments(schedule, law, date, mode, lines, cc, summarize, counted)) {
    for (let i = 0; i < countries.length; i++) {
      const t = tails[treatmentOf[i]!]!;
      if (t.kind === 'no-rate') stats.noRate++;
      else if (t.kind === 'prohibited') stats.prohibited++;
      else if (t.kind === 'conflict') stats.conflicts++;
      buf += hts + heads[i]! + t.text;
    }
    stats.rows += countries.length;
    if (buf.length >= chunkChars) {
      const w = sink(buf);
      buf = '';
      if (w) await w;
    }
  }
  if (buf) {
    const w = sink(buf);
    if (w) await w;
  }
  return stats;
}

/** Parses a chapter list: "1-97", "61,62", "72-73,84". */
export function parseChapters(text: string): Set<number> | null {
  const out = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (a < 1 || b > 97 || a > b) return null;
    for (let c = a; c <= b; c++) out.add(c);
  }
  return out.size ? out : null;
}
