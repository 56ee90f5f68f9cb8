// quote(schedule, law, entry): the duty on one entry line, component by component, with the headings to report,
// the citation of each duty, and the reason every other candidate measure did not apply. Pure: everything it
// needs is in its arguments.
import { D, dec, roundCents, formatUsd, type Dec } from '../money/index.js';
import {
  evaluateRate,
  parseRate,
  parseSpecial,
  percentValue,
  printRate,
  type RateEvaluation,
  type RateExpr,
} from '../hts/rate/index.js';
import { printHts } from '../hts/code.js';
import { inGroup } from '../law/countries.js';
import { inHeadingSet } from '../law/heading-sets.js';
import { listMatch, prefixesOf, type ProductList } from '../law/products.js';
import {
  REPORTING_ORDER,
  type Authority,
  type Candidate,
  type CountryScope,
  type DatedRate,
  type Law,
  type MeasureRate,
  type ProductScope,
  type Program,
  type Prohibition,
} from '../law/types.js';
import type { Entry, ScheduleLine, ScheduleRevision, ScheduleView } from './entry.js';

export interface Component {
  authority: Authority;
  heading: string | null;
  rateText: string;
  /** Percent of the customs value; null when it cannot be known (specific rate without value or quantity). */
  adValorem: number | null;
  /** Dollars with cents, rounded half-up; null without a value. */
  duty: string | null;
  citation: string;
  measureId?: string;
  url?: string;
  title?: string;
}

export type Reason =
  | 'not-in-force'
  | 'not-yet-published'
  | 'origin'
  | 'product'
  | 'in-transit'
  | 'program'
  | 'mfn-level'
  | 'not-subject'
  | 'us-content'
  | 'superseded'
  | 'precedence'
  | 'claim'
  | 'quota'
  | 'imported';

export interface TraceStep {
  measureId: string;
  heading: string;
  authority: Authority;
  applied: boolean;
  reason?: Reason;
  detail: string;
}

export interface Quote {
  kind: 'quote';
  input: Record<string, unknown>;
  revision: string;
  line: { hts: string; description: string };
  components: Component[];
  totalAdValorem: number | null;
  totalDuty: string | null;
  notes: string[];
  trace: TraceStep[];
}

export interface NoRate {
  kind: 'no-rate';
  input: Record<string, unknown>;
  revision: string;
  line: { hts: string; description: string };
  reason: string;
  notes: string[];
}

/** The goods may not be entered on that date (an import prohibition): no duty is given. */
export interface Prohibited {
  kind: 'prohibited';
  input: Record<string, unknown>;
  revision: string;
  line: { hts: string; description: string };
  prohibition: {
    authority: Authority;
    heading: string | null;
    title: string;
    citation: string;
    url?: string;
    /** First date of importation the prohibition applies to. */
    from: string;
    measureId: string;
  };
  notes: string[];
  trace: TraceStep[];
}

/** Two programs of the law both claim the same heading for one entry: the records contradict each other. */
export interface Conflict {
  kind: 'conflict';
  input: Record<string, unknown>;
  revision: string;
  line: { hts: string; description: string };
  heading: string;
  measures: string[];
  notes: string[];
}

export type QuoteResult = Quote | NoRate | Conflict | Prohibited;

interface Charged {
  program: Program;
  candidate: Candidate;
  value: DatedRate;
  /** Percent of the customs value (Dec), or null if unknown. */
  percent: Dec | null;
  /** Exact duty (unrounded), or null without value. */
  duty: Dec | null;
  rateText: string;
  /** Share of the value charged by a metal-content duty (for 'remainder' measures). */
  contentShare?: Dec;
  superseded?: string;
  /** The duty is not a percent of the value (a minimum import price): `duty` is exact, `percent` its equivalent. */
  fixedDuty?: boolean;
}

const HUNDRED = D(100);

export function inputOf(e: Entry): Record<string, unknown> {
  return {
    ...(e.id !== undefined ? { id: e.id } : {}),
    hts: e.hts,
    country: e.country,
    date: e.date,
    value: e.value ? formatUsd(e.value) : null,
    quantity: e.quantity
      ? e.quantity.toString()
      : e.quantities
        ? Object.fromEntries(Object.entries(e.quantities).map(([k, v]) => [k, v.toString()]))
        : null,
    program: e.program ?? null,
    ...(e.claims ? { claim: e.claims.join(',') } : {}),
    loaded: e.loaded ?? null,
    ...(e.imported ? { imported: e.imported } : {}),
    ...(e.quota ? { quota: e.quota } : {}),
    content: e.content ? Object.fromEntries(Object.entries(e.content).map(([k, v]) => [k, v!.toNumber()])) : null,
    mode: e.mode,
  };
}

// Memoized per law object: flattened country sets of each scope (groups expanded), so matching is a Set lookup.
// The law is immutable once loaded, so the memo never goes stale; it is keyed by the law, not global state.
const countrySets = new WeakMap<
  CountryScope,
  { codes: Set<string>; except: Set<string>; dated: boolean; any: boolean }
>();

function matchesCountry(law: Law, scope: CountryScope | undefined, country: string, date: Entry['date']): boolean {
  if (!scope) return true;
  let m = countrySets.get(scope);
  if (!m) {
    const codes = new Set(scope.codes ?? []);
    const except = new Set(scope.except ?? []);
    let dated = false;
    for (const g of scope.groups ?? [])
      for (const x of law.countries.groups.get(g)?.members ?? []) {
        codes.add(x.code);
        if ((x.from && x.from > '2025-01-01') || x.to) dated = true;
      }
    for (const g of scope.exceptGroups ?? [])
      for (const x of law.countries.groups.get(g)?.members ?? []) {
        except.add(x.code);
        if ((x.from && x.from > '2025-01-01') || x.to) dated = true;
      }
    m = { codes, except, dated, any: !scope.codes && !scope.groups };
    countrySets.set(scope, m);
  }
  if (!m.dated) return !m.except.has(country) && (m.any || m.codes.has(country));
  return matchesCountrySlow(law, scope, country, date);
}

function matchesCountrySlow(law: Law, scope: CountryScope, country: string, date: Entry['date']): boolean {
  if (scope.except?.includes(country)) return false;
  if (scope.exceptGroups?.some((g) => inGroup(law.countries, g, country, date))) return false;
  if (!scope.codes && !scope.groups) return true;
  if (scope.codes?.includes(country)) return true;
  return (scope.groups ?? []).some((g) => inGroup(law.countries, g, country, date));
}

/**
 * Product scope matching for one entry: the prefixes of its HTS number are computed once, and each list is looked
 * up once (many candidates share a list). Returns a description of what matched, or null.
 */
type ProductMatcher = (scope: ProductScope | undefined, record?: boolean) => string | null;

/**
 * `secondary` collects the lists transcribed from a secondary source (law/lists/) that decided something: the
 * quote names them in a note.
 */
function productMatcher(
  law: Law,
  hts: string,
  date: Entry['date'],
  secondary: Set<ProductList>,
  asPublished: boolean,
): ProductMatcher {
  const prefixes = prefixesOf(hts);
  const lists = new Map<string, string | null>();
  let recording = true;
  const inList = (name: string): string | null => {
    let m = lists.get(name);
    const list = law.lists.get(name);
    if (!list) throw new Error(`law: product list ${name} is not loaded`);
    if (m === undefined) {
      const p = listMatch(list, hts, date, prefixes, asPublished);
      m = p ? `${name} (${printHts(p)})` : null;
      lists.set(name, m);
    }
    // The lists that put the line in a scope are named in the quote (not every list it was checked against).
    if (m && recording && list.transcribedFrom) secondary.add(list);
    return m;
  };
  const inPrefixes = (ps?: string[]) => {
    if (ps) for (const p of ps) if (hts.startsWith(p)) return p;
    return null;
  };
  const inLists = (ls?: string[]) => {
    if (ls)
      for (const name of ls) {
        const m = inList(name);
        if (m) return m;
      }
    return null;
  };
  return (scope, record = true) => {
    recording = record;
    if (!scope) return 'all products';
    if (scope.except && (inPrefixes(scope.except.prefixes) || inLists(scope.except.lists))) return null;
    if (scope.all) return 'all products';
    const p = inPrefixes(scope.prefixes);
    if (p) return `heading ${printHts(p)}`;
    return inLists(scope.lists);
  };
}

function valueAt(
  c: Candidate,
  date: Entry['date'],
  mode: Entry['mode'],
): { v: DatedRate | null; unpublished: boolean } {
  for (const v of c.rates) {
    // As published, a value ended retroactively still applied until the end was published.
    const to = mode === 'as-published' && v.toPublished ? v.toPublished : v.to;
    if (date < v.from || (to !== undefined && date >= to)) continue;
    if (mode === 'as-published') {
      const pub = [v.published, c.firstPublished]
        .filter((x): x is NonNullable<typeof x> => !!x)
        .sort()
        .pop();
      if (pub && date < pub) return { v: null, unpublished: true };
    }
    return { v, unpublished: false };
  }
  return { v: null, unpublished: false };
}

function describeRate(r: MeasureRate, share?: Dec): string {
  const sh = share && !share.eq(1) ? ` on ${share.times(100).toString()}% of the value` : '';
  switch (r.kind) {
    case 'add':
      return `+${r.percent}%${sh}`;
    case 'floor':
      return `${r.percent}% inclusive of the column 1 rate`;
    case 'none':
      return 'no additional duty';
    case 'content':
      return `+${r.percent}% on the value of the ${r.content} content`;
    case 'nonUsContent':
      return `+${r.percent}% on the value of the non-U.S. content`;
    case 'minimumPrice':
      return `minimum import price ${formatPrice(r.price)}/${r.unit}`;
  }
}

/** "$21.00", "$0.22": a price per unit in dollars, at least two decimals. */
function formatPrice(price: string): string {
  const d = D(price);
  return `$${d.decimalPlaces() <= 2 ? d.toFixed(2) : d.toString()}`;
}

/** The column-1 (or column-2) rate that applies, evaluated. */
interface Mfn {
  expr: RateExpr;
  text: string;
  column: string;
  evaluation: RateEvaluation;
  /** Percent (ad valorem, or equivalent when value and quantity are known); null when unknown. */
  percent: Dec | null;
  /** Free or plain ad valorem: the duty is the percent of the value. */
  simple: boolean;
}

const specialCache = new Map<string, ReturnType<typeof parseSpecial>>();
const rateCache = new Map<string, RateExpr>();

/** parseRate memoized by text: the HTS has about 2,600 distinct rate strings. */
function parsedRate(text: string): RateExpr {
  let x = rateCache.get(text);
  if (!x) {
    x = parseRate(text);
    if (rateCache.size < 50_000) rateCache.set(text, x);
  }
  return x;
}

function specialFor(line: ScheduleLine, program: string): RateExpr | null {
  let col = specialCache.get(line.special);
  if (!col) {
    col = parseSpecial(line.special);
    if (specialCache.size < 50_000) specialCache.set(line.special, col);
  }
  for (const g of col.groups) if (g.programs.includes(program)) return g.expr;
  return null;
}

function mfnOf(law: Law, line: ScheduleLine, e: Entry, notes: string[]): Mfn | null {
  let text = line.general;
  let column = `column 1 general`;
  if (inGroup(law.countries, 'column-2', e.country, e.date)) {
    text = line.other;
    column = 'column 2 (general note 3(b))';
    if (e.program) notes.push(`program ${e.program} not available: ${e.country} is a column 2 country`);
  } else if (e.program) {
    const sp = law.specialPrograms.get(e.program);
    const eligible =
      sp &&
      (sp.countries.length === 0 || sp.countries.includes(e.country)) &&
      (!sp.from || e.date >= sp.from) &&
      (!sp.to || e.date < sp.to);
    const expr = specialFor(line, e.program);
    if (!sp) notes.push(`program ${e.program} is not a known special program indicator; column 1 general applies`);
    else if (!eligible)
      notes.push(
        `program ${e.program} (${sp.title}) is not available for goods of ${e.country} on ${e.date}; column 1 general applies`,
      );
    else if (!expr)
      notes.push(`program ${e.program} is not in the special column of ${line.hts}; column 1 general applies`);
    else {
      const simple = simpleEvaluation(expr, e);
      const evaluation = simple ?? evaluateRate(expr, factsOf(e));
      return {
        expr,
        text: `${printRate(expr)} (${e.program})`,
        column: `column 1 special (${e.program})`,
        evaluation,
        percent: percentOf(expr, evaluation, e),
        simple: simple !== null,
      };
    }
  }
  if (!text) return null;
  const expr = parsedRate(text);
  const simple = simpleEvaluation(expr, e);
  const evaluation = simple ?? evaluateRate(expr, factsOf(e));
  return { expr, text, column, evaluation, percent: percentOf(expr, evaluation, e), simple: simple !== null };
}

function simpleEvaluation(expr: RateExpr, e: Entry): RateEvaluation | null {
  if (expr.kind === 'free')
    return { duty: e.value ? D(0) : null, formula: 'Free', adValoremEquivalent: D(0), missing: [], notes: [] };
  if (expr.kind === 'adValorem' && !expr.basis) {
    const pct = percentValue(expr.percent);
    return {
      duty: e.value ? e.value.times(pct).div(HUNDRED) : null,
      formula: `${expr.percent}%`,
      adValoremEquivalent: pct,
      missing: [],
      notes: [],
    };
  }
  return null;
}

function factsOf(e: Entry) {
  return {
    ...(e.value ? { value: e.value } : {}),
    ...(e.quantity ? { quantity: e.quantity } : {}),
    ...(e.quantities ? { quantities: e.quantities } : {}),
  };
}

function percentOf(expr: RateExpr, ev: RateEvaluation, e: Entry): Dec | null {
  if (expr.kind === 'free') return D(0);
  if (expr.kind === 'adValorem' && !expr.basis) return percentValue(expr.percent);
  if (ev.adValoremEquivalent) return ev.adValoremEquivalent;
  if (ev.duty && e.value && e.value.gt(0)) return ev.duty.div(e.value).times(HUNDRED);
  return null;
}

interface ProgramOutcome {
  charged: Charged | null;
}

// Per program and country, the candidates that may concern that country, in decision-list order (memoized per
// program object, which is immutable once loaded).
const byCountry = new WeakMap<Program, Map<string, Candidate[]>>();

function candidatesFor(law: Law, p: Program, country: string): Candidate[] {
  let m = byCountry.get(p);
  if (!m) {
    m = new Map();
    byCountry.set(p, m);
  }
  let list = m.get(country);
  if (!list) {
    // Any date in 2025-2026 gives the same answer unless a group has dated members (matchesCountry re-checks).
    list = p.candidates.filter((c) => matchesCountryAnyDate(law, c.countries, country));
    m.set(country, list);
  }
  return list;
}

function matchesCountryAnyDate(law: Law, scope: CountryScope | undefined, country: string): boolean {
  if (!scope) return true;
  if (scope.except?.includes(country) && !scope.codes?.includes(country)) return false;
  if (!scope.codes && !scope.groups) return true;
  if (scope.codes?.includes(country)) return true;
  return (scope.groups ?? []).some((g) => law.countries.groups.get(g)?.members.some((x) => x.code === country));
}

// Program ids of each authority, per law object (immutable once loaded).
const byAuthority = new WeakMap<Law, Map<string, string[]>>();

function programsOf(law: Law, authorities: readonly Authority[]): string[] {
  let m = byAuthority.get(law);
  if (!m) {
    m = new Map();
    byAuthority.set(law, m);
  }
  const key = authorities.join(',');
  let ids = m.get(key);
  if (!ids) {
    ids = law.programs.filter((p) => authorities.includes(p.authority)).map((p) => p.id);
    m.set(key, ids);
  }
  return ids;
}

/** Evaluates one program's decision list; the first candidate whose conditions all hold applies. */
function evaluateProgram(
  law: Law,
  p: Program,
  line: ScheduleLine,
  e: Entry,
  mfn: Mfn | null,
  done: Map<string, ProgramOutcome>,
  trace: TraceStep[] | null,
  notes: string[],
  products: ProductMatcher,
): ProgramOutcome {
  const tracing = trace !== null;
  for (const c of candidatesFor(law, p, e.country)) {
    // Headings of other countries are not listed in the trace: it would hold every country of the tables.
    if (!matchesCountry(law, c.countries, e.country, e.date)) continue;
    const step = (reason: Reason, detail: string) => {
      if (tracing)
        trace.push({ measureId: c.id, heading: c.heading, authority: p.authority, applied: false, reason, detail });
    };
    const { v, unpublished } = valueAt(c, e.date, e.mode);
    if (!v) {
      // Only say so for candidates that would otherwise concern this entry: keeps the trace readable.
      if (tracing && products(c.products, false))
        step(
          unpublished ? 'not-yet-published' : 'not-in-force',
          unpublished
            ? `not yet in the HTS published on ${e.date} (as-published reading)`
            : `not in force on ${e.date} (${c.rates.map((r) => `${r.from}..${r.to ?? 'open'}`).join(', ')})`,
        );
      continue;
    }
    const product = products(c.products);
    if (!product) {
      step('product', `${line.hts} is not in the scope of ${c.heading}`);
      continue;
    }
    // A metal-content duty charges the declared content only: none declared, nothing charged (with a note).
    if (v.rate.kind === 'content') {
      const share = e.content?.[v.rate.content];
      if (!share || share.isZero()) {
        step(
          'product',
          `${c.heading} charges the ${v.rate.content} content: none declared (--content ${v.rate.content}=0.4)`,
        );
        notes.push(
          `${line.hts} is in the scope of ${c.heading} (${v.rate.content} content): give the ${v.rate.content} share of the value (--content ${v.rate.content}=0.4) if the article contains ${v.rate.content}`,
        );
        continue;
      }
    }
    const w = c.when ?? {};
    if (w.loadedBefore || w.enteredBefore) {
      const ok =
        e.loaded !== undefined &&
        (!w.loadedBefore || e.loaded < w.loadedBefore) &&
        (!w.enteredBefore || e.date < w.enteredBefore);
      if (!ok) {
        step(
          'in-transit',
          `in-transit exemption needs goods loaded before ${w.loadedBefore} and entered before ${w.enteredBefore}${e.loaded ? ` (loaded ${e.loaded})` : ' (no loading date given)'}`,
        );
        continue;
      }
    }
    if (w.programClaimed) {
      const ok =
        e.program !== undefined && w.programClaimed.includes(e.program) && mfn?.column.includes(`(${e.program})`);
      if (!ok) {
        step(
          'program',
          `needs a valid claim of ${w.programClaimed.join(' or ')}${e.program ? ` (claimed ${e.program})` : ''}`,
        );
        continue;
      }
    }
    if (w.mfnAtLeast !== undefined || w.mfnBelow !== undefined) {
      const m = mfn?.percent ?? null;
      if (m === null)
        notes.push(
          `${c.heading}: the column 1 rate of ${line.hts} has no ad valorem equivalent without value and quantity; taken as below the threshold`,
        );
      const pct = m ?? D(0);
      if ((w.mfnAtLeast !== undefined && pct.lt(w.mfnAtLeast)) || (w.mfnBelow !== undefined && pct.gte(w.mfnBelow))) {
        step(
          'mfn-level',
          `column 1 rate ${pct.toString()}% is ${w.mfnAtLeast !== undefined ? `below ${w.mfnAtLeast}%` : `at least ${w.mfnBelow}%`}`,
        );
        continue;
      }
    }
    if (w.subjectTo) {
      const ids = programsOf(law, w.subjectTo.authority);
      const by = ids.find((id) => {
        const o = done.get(id);
        return o?.charged && !o.charged.superseded && (o.charged.percent === null || o.charged.percent.gt(0));
      });
      // A metal-content duty covers only part of the value: the rest stays subject to this program.
      const partial = by && done.get(by)!.charged!.contentShare !== undefined;
      if (!by || partial) {
        step(
          'not-subject',
          `not subject to a ${w.subjectTo.authority.join(' or ')} duty${partial ? ' on its whole value' : ''}`,
        );
        continue;
      }
    }
    if (w.reportedUnder) {
      const set = law.headingSets.get(w.reportedUnder)!;
      let by: Charged | undefined;
      for (const o of done.values()) {
        const ch = o.charged;
        if (ch && !ch.superseded && ch.contentShare === undefined && inHeadingSet(set, ch.candidate.heading, e.date))
          by = ch;
      }
      if (!by) {
        step('not-subject', `not reported under a heading of ${set.title}`);
        continue;
      }
    }
    if (w.notClaimed) {
      const claimed = w.notClaimed.find((x) => e.claims?.includes(x));
      if (claimed) {
        step('claim', `does not apply on a claim of ${claimed}`);
        continue;
      }
    }
    if (w.quota) {
      const tier = e.quota ?? 'over';
      if (tier !== w.quota) {
        step(
          'quota',
          `applies to ${w.quota}-quota entries (this entry: ${tier}-quota${e.quota ? '' : ', the default'})`,
        );
        continue;
      }
      if (!e.quota)
        notes.push(
          `${c.heading}: the tariff-rate quota tier is not given, so the over-quota rate is taken (--quota in for goods entered within the in-quota quantity)`,
        );
    }
    if (w.claim) {
      const claimed = w.claim.find((x) => e.claims?.includes(x));
      if (!claimed) {
        // A fact some articles carry by what they are (an aeroplane is an aircraft) holds without the claim.
        const implied = w.claim
          .map((x) => law.claims.get(x))
          .find((cl) => cl?.impliedFor?.some((p) => line.code.startsWith(p)));
        if (!implied) {
          step('claim', `applies only on a claim of ${w.claim.join(' or ')} (--claim)`);
          continue;
        }
        const why = `${c.heading}: no claim of ${implied.code} is needed: ${implied.impliedWhy ?? `heading ${line.hts.slice(0, 7)} carries it`}`;
        if (!notes.includes(why)) notes.push(why);
      }
    }
    if (w.usContentAtLeast !== undefined) {
      const us = e.content?.us ?? D(0);
      if (us.lt(w.usContentAtLeast)) {
        step('us-content', `U.S. content ${us.times(100)}% is below ${w.usContentAtLeast * 100}%`);
        continue;
      }
    }
    const charged = charge(p, c, v, e, mfn, done, notes);
    if (tracing)
      trace.push({
        measureId: c.id,
        heading: c.heading,
        authority: p.authority,
        applied: true,
        detail: `${product}; ${charged.rateText}`,
      });
    return { charged };
  }
  return { charged: null };
}

function charge(
  p: Program,
  c: Candidate,
  v: DatedRate,
  e: Entry,
  mfn: Mfn | null,
  done: Map<string, ProgramOutcome>,
  notes: string[],
): Charged {
  const r = v.rate;
  let percent: Dec | null;
  let share: Dec = D(1);
  let contentSh: Dec | undefined;
  switch (r.kind) {
    case 'none':
      percent = D(0);
      break;
    case 'add':
      percent = D(r.percent);
      break;
    case 'floor': {
      const m = mfn?.percent ?? D(0);
      percent = D.max(0, D(r.percent).minus(m));
      break;
    }
    case 'content': {
      contentSh = e.content![r.content]!;
      share = contentSh;
      percent = D(r.percent).times(share);
      break;
    }
    case 'minimumPrice': {
      const m = minimumPriceDuty(c, r, e, notes);
      return {
        program: p,
        candidate: c,
        value: v,
        percent: m.percent,
        duty: m.duty,
        fixedDuty: true,
        rateText: describeRate(r) + (m.undocumented ? ' (no documentation of the sale price: the full price)' : ''),
      };
    }
    case 'nonUsContent': {
      const us = e.content?.us;
      if (us === undefined)
        notes.push(
          `${c.heading} charges the non-U.S. content: no U.S. content share given (--content us=0.5), so the full value is taken`,
        );
      share = D(1).minus(us ?? D(0));
      percent = D(r.percent).times(share);
      break;
    }
  }
  if (c.share === 'remainder' && r.kind === 'add') {
    let charged = D(0);
    for (const o of done.values())
      if (o.charged?.contentShare && !o.charged.superseded) charged = charged.plus(o.charged.contentShare);
    if (charged.gt(0)) {
      share = D.max(0, D(1).minus(charged));
      percent = D(r.percent).times(share);
    }
  }
  if (p.usContentRule && r.kind === 'add') {
    const us = e.content?.us;
    if (us && us.gte(p.usContentRule.threshold)) {
      share = share.times(D(1).minus(us));
      percent = D(r.percent).times(share);
      notes.push(
        `${p.usContentRule.heading}: U.S. content of ${us.times(100)}% is not subject to ${c.heading}; the duty applies to the non-U.S. content`,
      );
    }
  }
  const duty = percent !== null && e.value ? e.value.times(percent).div(HUNDRED) : null;
  return {
    program: p,
    candidate: c,
    value: v,
    percent,
    duty,
    rateText: describeRate(r, r.kind === 'add' ? share : undefined),
    ...(contentSh !== undefined ? { contentShare: contentSh } : {}),
  };
}

/**
 * The duty of a minimum import price: the shortfall of the entered value below price x quantity, or the full
 * price x quantity when the importer claims it cannot document the sale price. Null (with a note saying what is
 * missing) without the quantity in the price's unit, or without the value when the shortfall is needed.
 */
function minimumPriceDuty(
  c: Candidate,
  r: Extract<MeasureRate, { kind: 'minimumPrice' }>,
  e: Entry,
  notes: string[],
): { percent: Dec | null; duty: Dec | null; undocumented: boolean } {
  const undocumented = e.claims?.includes('no-mip-documentation') ?? false;
  const what = `${c.heading} (minimum import price ${formatPrice(r.price)}/${r.unit})`;
  let q = e.quantities?.[r.unit];
  if (q === undefined && e.quantity !== undefined) {
    q = e.quantity;
    notes.push(`${what}: the quantity ${e.quantity.toString()} is taken as ${r.unit}`);
  }
  if (q === undefined) {
    notes.push(
      `${what}: no quantity in ${r.unit} given, so the duty cannot be computed (--quantity ${r.unit}=N); it lifts the entered value to ${formatPrice(r.price)} per ${r.unit}`,
    );
    return { percent: null, duty: null, undocumented };
  }
  const minimum = D(r.price).times(q);
  if (undocumented) {
    const duty = minimum;
    return { percent: e.value && e.value.gt(0) ? duty.div(e.value).times(HUNDRED) : null, duty, undocumented };
  }
  if (!e.value) {
    notes.push(`${what}: no customs value given, so the shortfall below the minimum price cannot be computed`);
    return { percent: null, duty: null, undocumented };
  }
  const duty = D.max(0, minimum.minus(e.value));
  notes.push(
    `${what}: the entered value $${formatUsd(e.value)} for ${q.toString()} ${r.unit} is ${duty.gt(0) ? `below the minimum of $${formatUsd(roundCents(minimum))}: the duty is the shortfall` : `at or above the minimum of $${formatUsd(roundCents(minimum))}: no duty`}; without documentation of the first arm's-length sale price the duty is the full minimum price (--claim no-mip-documentation)`,
  );
  return { percent: e.value.gt(0) ? duty.div(e.value).times(HUNDRED) : null, duty, undocumented };
}

/** EO 14289-style precedence: programs of a later tier are not charged when an earlier tier is. */
function applyPrecedence(law: Law, e: Entry, done: Map<string, ProgramOutcome>, trace: TraceStep[] | null): void {
  for (const g of law.precedence) {
    if (e.date < g.from || (g.to && e.date >= g.to)) continue;
    let winner: string | null = null;
    for (const tier of g.tiers) {
      if (winner) {
        for (const id of tier) {
          const o = done.get(id);
          if (o?.charged && !o.charged.superseded && o.charged.percent?.gt(0)) {
            o.charged.superseded = winner;
            const t = trace?.find((s) => s.measureId === o.charged!.candidate.id && s.applied);
            if (t) {
              t.applied = false;
              t.reason = 'precedence';
              t.detail = `not charged: the entry is subject to ${winner} (${g.title})`;
            }
          }
        }
        continue;
      }
      for (const id of tier) {
        const o = done.get(id);
        if (o?.charged && !o.charged.superseded && o.charged.percent?.gt(0)) winner = id;
      }
    }
  }
}

/** One note naming the lists of a secondary transcription (law/lists/) that the quote consulted. */
function secondaryNotes(lists: Set<ProductList>, notes: string[]): void {
  if (!lists.size) return;
  const names = [...lists].sort((a, b) => (a.name < b.name ? -1 : 1)).map((l) => `${l.name} (${l.note ?? l.citation})`);
  notes.push(
    `the line is on product lists of notes the sources' HTS does not print, transcribed from a secondary source (law/lists/): ${names.join('; ')}`,
  );
}

/**
 * The import prohibition that applies to the entry, if any: goods of its countries and products, imported on or
 * after its date (the date of importation, else the entry date, with a note), unless a listed claim is made.
 */
function checkProhibitions(
  law: Law,
  e: Entry,
  trace: TraceStep[] | null,
  notes: string[],
  products: ProductMatcher,
): Prohibition | null {
  const imported = e.imported ?? e.date;
  for (const b of law.prohibitions) {
    if (!matchesCountry(law, b.countries, e.country, e.date)) continue;
    if (e.date < b.importedFrom) continue;
    const product = products(b.products);
    if (!product) continue;
    const step = (reason: Reason, detail: string) =>
      trace?.push({
        measureId: b.id,
        heading: b.heading ?? '',
        authority: b.authority,
        applied: false,
        reason,
        detail,
      });
    if (imported < b.importedFrom || (b.importedTo && imported >= b.importedTo)) {
      step('imported', `imported on ${imported}, outside the prohibition (goods imported from ${b.importedFrom})`);
      continue;
    }
    const claimed = b.notClaimed?.find((x) => e.claims?.includes(x));
    if (claimed) {
      step('claim', `does not apply on a claim of ${claimed}`);
      continue;
    }
    if (!e.imported)
      notes.push(
        `no date of importation given: taken as the entry date ${e.date}; goods imported before ${b.importedFrom} may still be entered and pay the duties (--imported D)`,
      );
    for (const n of b.notModelled ?? []) notes.push(`not modelled (${b.title}): ${n}`);
    trace?.push({
      measureId: b.id,
      heading: b.heading ?? '',
      authority: b.authority,
      applied: true,
      detail: `${product}; prohibited from importation`,
    });
    return b;
  }
  return null;
}

function cite(law: Law, ref: string): { citation: string; url?: string } {
  const r = law.references.get(ref);
  if (!r) return { citation: ref };
  return { citation: r.fr ? `${r.title}, ${r.fr}` : r.title, ...(r.url ? { url: r.url } : {}) };
}

function toNumber(d: Dec | null): number | null {
  return d === null ? null : Number(d.toDecimalPlaces(6).toString());
}

export interface QuoteOptions {
  /** Record why every candidate measure did or did not apply (default true; batch runs may skip it). */
  trace?: boolean;
  /**
   * A memo owned by the caller (a batch run): entries that differ only in value share their evaluation when the
   * duty is proportional to the value (every rate ad valorem). The result is the same as without the memo.
   */
  memo?: QuoteMemo;
}

/** Everything of a quote that does not depend on the customs value. */
export interface Evaluated {
  kind: 'evaluated';
  revision: string;
  line: { hts: string; description: string };
  components: Omit<Component, 'duty'>[];
  /** Exact percent of each component (null when unknown). */
  percents: (Dec | null)[];
  /**
   * Exact duty of each component that is not proportional to the value (a specific column 1 rate, a minimum
   * import price), by component index; undefined where the duty is the percent of the value.
   */
  fixedDuties?: (Dec | null | undefined)[];
  proportional: boolean;
  notes: string[];
  trace: TraceStep[];
}

export type QuoteMemo = Map<string, Evaluated>;

function memoKey(e: Entry, trace: boolean): string {
  const content = e.content
    ? Object.entries(e.content)
        .map(([k, v]) => `${k}=${v!.toString()}`)
        .join(';')
    : '';
  const q = e.quantity ? e.quantity.toString() : e.quantities ? JSON.stringify(e.quantities) : '';
  return [
    e.hts,
    e.country,
    e.date,
    e.mode,
    e.program ?? '',
    e.loaded ?? '',
    content,
    (e.claims ?? []).join(','),
    q,
    trace ? 't' : '',
  ].join('|');
}

export function quote(schedule: ScheduleView, law: Law, e: Entry, opts: QuoteOptions = {}): QuoteResult {
  const tracing = opts.trace !== false;
  const key = opts.memo ? memoKey(e, tracing) : null;
  const hit = key ? opts.memo!.get(key) : undefined;
  if (hit) return render(hit, e);
  const ev = evaluate(schedule, law, e, tracing);
  if (ev.kind !== 'evaluated') return ev;
  if (key && ev.proportional) {
    if (opts.memo!.size > 200_000) opts.memo!.clear();
    opts.memo!.set(key, ev);
  }
  return render(ev, e);
}

function render(ev: Evaluated, e: Entry): Quote {
  const duties: (Dec | null)[] = ev.percents.map((pct, i) => {
    const fixed = ev.fixedDuties?.[i];
    if (fixed !== undefined) return fixed;
    return e.value && pct !== null ? e.value.times(pct).div(HUNDRED) : null;
  });
  const components: Component[] = ev.components.map((c, i) => {
    const { authority, heading, rateText, adValorem, ...rest } = c;
    const duty = duties[i] !== null && e.value ? formatUsd(roundCents(duties[i]!)) : null;
    return { authority, heading, rateText, adValorem, duty, ...rest };
  });
  let total: Dec | null = ev.percents.every((p) => p !== null) ? D(0) : null;
  if (total) for (const p of ev.percents) total = total.plus(p!);
  let totalDuty: Dec | null = e.value && components.every((c) => c.duty !== null) ? D(0) : null;
  if (totalDuty) for (const c of components) totalDuty = totalDuty.plus(dec(c.duty!));
  const notes = e.value ? ev.notes : [...ev.notes, 'no customs value given: rates only (--value for duties)'];
  return {
    kind: 'quote',
    input: inputOf(e),
    revision: ev.revision,
    line: ev.line,
    components,
    totalAdValorem: toNumber(total),
    totalDuty: totalDuty ? formatUsd(totalDuty) : null,
    notes,
    trace: ev.trace,
  };
}

function evaluate(
  schedule: ScheduleView,
  law: Law,
  e: Entry,
  tracing: boolean,
): Evaluated | NoRate | Conflict | Prohibited {
  const notes: string[] = [];
  const trace: TraceStep[] | null = tracing ? [] : null;
  const rev: ScheduleRevision = schedule.revisionAt(e.date, e.mode === 'as-published' ? 'published' : 'effective');
  if (e.date > schedule.latest.published)
    notes.push(
      `the sources end with HTS ${schedule.latest.id} (published ${schedule.latest.published}): ${e.date} is answered from the law as last known; \`tariff sync\` brings newer revisions`,
    );
  const line = schedule.requireLine(e.hts, rev);
  const lineOut = { hts: line.hts, description: line.path.map((p) => p.description).join(' > ') };
  const mfn = mfnOf(law, line, e, notes);
  if (!mfn)
    return {
      kind: 'no-rate',
      input: inputOf(e),
      revision: rev.id,
      line: lineOut,
      reason: `${line.hts} carries no rate of duty in ${rev.id} (see the line text and its notes)`,
      notes,
    };

  const secondary = new Set<ProductList>();
  const products = productMatcher(law, line.code, e.date, secondary, e.mode === 'as-published');
  const banned = checkProhibitions(law, e, trace, notes, products);
  if (banned) {
    const { citation, url } = cite(law, banned.ref);
    secondaryNotes(secondary, notes);
    return {
      kind: 'prohibited',
      input: inputOf(e),
      revision: rev.id,
      line: lineOut,
      prohibition: {
        authority: banned.authority,
        heading: banned.heading ?? null,
        title: banned.title,
        citation,
        ...(url ? { url } : {}),
        from: banned.importedFrom,
        measureId: banned.id,
      },
      notes: [...new Set(notes)],
      trace: trace ?? [],
    };
  }

  const done = new Map<string, ProgramOutcome>();
  let precedenceApplied = false;
  for (const p of law.programs) {
    // Programs that read others (subjectTo) see them after the precedence rules (EO 14289) are applied.
    if (p.dependsOn.length && !precedenceApplied) {
      applyPrecedence(law, e, done, trace);
      precedenceApplied = true;
    }
    done.set(p.id, evaluateProgram(law, p, line, e, mfn, done, trace, notes, products));
  }
  applyPrecedence(law, e, done, trace);

  for (const p of law.programs)
    for (const n of p.notModelled) if (done.get(p.id)?.charged) notes.push(`not modelled (${p.title}): ${n}`);

  for (const m of mfn.evaluation.missing) notes.push(`column 1 rate ${mfn.text}: ${m} needed for the duty`);
  for (const n of mfn.evaluation.notes) notes.push(n);
  // One heading, one measure: two programs reporting the same heading means the records contradict each other.
  const byHeading = new Map<string, string[]>();
  for (const o of done.values())
    if (o.charged && !o.charged.superseded)
      byHeading.set(o.charged.candidate.heading, [
        ...(byHeading.get(o.charged.candidate.heading) ?? []),
        o.charged.candidate.id,
      ]);
  for (const [heading, measures] of byHeading)
    if (measures.length > 1)
      return { kind: 'conflict', input: inputOf(e), revision: rev.id, line: lineOut, heading, measures, notes };

  const components: Omit<Component, 'duty'>[] = [
    {
      authority: 'mfn',
      heading: null,
      rateText: mfn.text,
      adValorem: toNumber(mfn.percent),
      citation: `HTSUS ${line.rateSource ? printHts(line.rateSource) : line.hts}, ${mfn.column} (${rev.id})`,
    },
  ];
  const percents: (Dec | null)[] = [mfn.percent];
  const fixedDuties: (Dec | null | undefined)[] = [mfn.simple ? undefined : mfn.evaluation.duty];
  const charged = [...done.values()]
    .map((o) => o.charged)
    .filter((c): c is Charged => !!c && !c.superseded)
    .sort((a, b) => REPORTING_ORDER.indexOf(a.program.authority) - REPORTING_ORDER.indexOf(b.program.authority));
  for (const c of charged) {
    const { citation, url } = cite(law, c.value.ref);
    for (const n of c.candidate.notModelled ?? []) notes.push(`not modelled (${c.candidate.heading}): ${n}`);
    if (c.candidate.awaitingPrint) {
      const r = law.references.get(c.value.ref);
      notes.push(
        `${c.candidate.heading} is not yet in the sources' HTS (the last revision is ${schedule.latest.id}): it rests on ${r?.fr ?? r?.title ?? c.value.ref}`,
      );
    }
    components.push({
      authority: c.program.authority,
      heading: c.candidate.heading,
      rateText: c.rateText,
      adValorem: toNumber(c.percent),
      citation,
      ...(url ? { url } : {}),
      measureId: c.candidate.id,
      title: c.candidate.title,
    });
    percents.push(c.percent);
    fixedDuties.push(c.fixedDuty ? c.duty : undefined);
  }
  secondaryNotes(secondary, notes);
  const proportional = fixedDuties.every((d) => d === undefined) && percents.every((p) => p !== null);
  return {
    kind: 'evaluated',
    revision: rev.id,
    line: lineOut,
    components,
    percents,
    ...(proportional ? {} : { fixedDuties }),
    proportional,
    notes: [...new Set(notes)],
    trace: trace ?? [],
  };
}
