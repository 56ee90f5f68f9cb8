// The daily series of effective tariff rates: for each day, the mean additional and total rate over all pairs of
// HTS-10 line (chapters 1-97) x country with a Census code, unweighted and import-weighted, overall, by country or
// by authority. See docs/series.md.
//
// Rates change on a few dozen dates, not daily: the series is evaluated once per change interval (the dates where
// a dated rate, a revision, a country group or a product list window begins or ends) and every day between two
// change dates repeats the values of the last one. Each evaluation reuses the matrix machinery (country classes,
// treatments and shared quotes, see matrix.ts): a treatment's quote counts once for every country it stands for,
// without writing a row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  countryClasses,
  lineTreatments,
  matrixCountries,
  matrixLines,
  type EntryFacts,
  type MatrixCountry,
} from './matrix.js';
import { D } from '../core/money/index.js';
import type { Entry } from '../core/evaluate/entry.js';
import type { QuoteResult } from '../core/evaluate/quote.js';
import type { Mode } from '../core/evaluate/entry.js';
import { InputError } from '../core/errors.js';
import { AUTHORITIES, type Authority, type Law } from '../core/law/types.js';
import type { IsoDate } from '../core/time/date.js';
import type { Schedule } from '../schedule/schedule.js';

export type SeriesBy = 'overall' | 'country' | 'authority';

export const SERIES_COLUMNS = [
  'date',
  'revision',
  'pairs',
  'mean_additional_pct',
  'mean_total_pct',
  'weighted_additional_pct',
  'weighted_total_pct',
] as const;

/** The authorities of the by-authority rows: mfn (its rows carry the column 1 part of the total) and the others. */
export const SERIES_AUTHORITIES: readonly Authority[] = AUTHORITIES;
const NA = SERIES_AUTHORITIES.length;
const AUTH_INDEX = new Map<string, number>(SERIES_AUTHORITIES.map((a, i) => [a, i]));

/** Import weights: per HTS-10 line, the matrix country indexes with a weight and the weights (e.g. USD). */
export type SeriesWeights = Map<string, { idx: Int32Array; w: Float64Array }>;

/** What a quote contributes: percent by authority (index of SERIES_AUTHORITIES; mfn at 0). */
interface Contribution {
  by: Float64Array;
  add: number;
  total: number;
  kind: QuoteResult['kind'];
}

function contribution(q: QuoteResult): Contribution {
  const by = new Float64Array(NA);
  if (q.kind === 'quote') {
    for (const c of q.components) {
      // Specific rates without an ad valorem equivalent (no value and quantity) count as 0.
      if (c.adValorem === null) continue;
      by[AUTH_INDEX.get(c.authority) ?? NA - 1]! += c.adValorem;
    }
  }
  let add = 0;
  for (let a = 1; a < NA; a++) add += by[a]!;
  return { by, add, total: by[0]! + add, kind: q.kind };
}

function mix(a: Contribution, b: Contribution, share: number): Contribution {
  const by = new Float64Array(NA);
  for (let k = 0; k < NA; k++) by[k] = (1 - share) * a.by[k]! + share * b.by[k]!;
  return {
    by,
    add: (1 - share) * a.add + share * b.add,
    total: (1 - share) * a.total + share * b.total,
    kind: a.kind,
  };
}

// ---- assumptions --------------------------------------------------------------------------------------------

/**
 * The choices an analyst makes that the law does not (docs/series.md, "Assumptions"):
 * - usmca: `statutory` quotes every entry without a special program; `utilization` quotes Canadian and Mexican
 *   lines both without and with the USMCA claim (S) and weights the two by the share of the pair's 2025 imports
 *   that claimed it (reference-yale/usmca_product_shares_2025.csv; a pair without a share claims nothing).
 * - metalContent: `none` declares no metal content (duties on the metal content of 232 derivatives are 0 and the
 *   reciprocal duty is charged on the whole value); `bea` declares the steel, aluminum and copper shares of each
 *   HS-10 line estimated from the BEA input-output table (reference-yale/metal_content_shares_bea_hs10.csv).
 * - universe: `tariff` averages over the lines of chapters 1-97 x the countries with a Census code but the US
 *   (the contract); `yale` over the Yale Budget Lab's pairs: chapters 1-98 x the 240 Census codes, the United
 *   States, the Gaza Strip and the West Bank included (the last two quoted as PS).
 */
export interface SeriesAssumptions {
  usmca: 'statutory' | 'utilization';
  metalContent: 'none' | 'bea';
  universe: 'tariff' | 'yale';
}

export const DEFAULT_ASSUMPTIONS: SeriesAssumptions = { usmca: 'utilization', metalContent: 'bea', universe: 'tariff' };

export const ASSUMPTION_CHOICES = {
  usmca: ['statutory', 'utilization'],
  metalContent: ['none', 'bea'],
  universe: ['tariff', 'yale'],
} as const;

/** The data behind the assumptions, read once (per thread). */
export interface AssumptionData {
  assumptions: SeriesAssumptions;
  /** hts10 -> Census country code -> share of the 2025 imports claiming USMCA. */
  usmcaShares?: Map<string, Map<string, number>>;
  /** hts10 -> metal content shares. */
  metalShares?: Map<string, NonNullable<Entry['content']>>;
}

const USMCA_COUNTRIES = ['CA', 'MX'];

/** Reads the data the assumptions need from the sources directory (reference-yale/). */
export function loadAssumptionData(sourcesDir: string, assumptions: SeriesAssumptions): AssumptionData {
  const dir = join(sourcesDir, 'reference-yale');
  const data: AssumptionData = { assumptions };
  if (assumptions.usmca === 'utilization') {
    const rows = parseCsv(readFileSync(join(dir, 'usmca_product_shares_2025.csv'), 'utf8'));
    const h = rows[0]!;
    const [hi, ci, si] = ['hts10', 'cty_code', 'usmca_share'].map((c) => h.indexOf(c));
    const m = new Map<string, Map<string, number>>();
    for (const r of rows.slice(1)) {
      const share = Number(r[si!]);
      if (!(share > 0)) continue;
      const hts = r[hi!]!.padStart(10, '0');
      let byCountry = m.get(hts);
      if (!byCountry) m.set(hts, (byCountry = new Map()));
      byCountry.set(r[ci!]!.trim(), Math.min(1, share));
    }
    data.usmcaShares = m;
  }
  if (assumptions.metalContent === 'bea') {
    const rows = parseCsv(readFileSync(join(dir, 'metal_content_shares_bea_hs10.csv'), 'utf8'));
    const h = rows[0]!;
    const hi = h.indexOf('hs10');
    const cols = (['steel', 'aluminum', 'copper'] as const).map((k) => [k, h.indexOf(`${k}_share`)] as const);
    const m = new Map<string, NonNullable<Entry['content']>>();
    for (const r of rows.slice(1)) {
      const content: NonNullable<Entry['content']> = {};
      for (const [k, j] of cols) {
        const v = Math.min(1, Number(r[j]));
        // Shares are estimates to 4-6 significant digits; 6 decimals keep them and keep quotes shareable.
        if (v > 0) content[k] = D(v.toFixed(6));
      }
      m.set(r[hi]!.padStart(10, '0'), content);
    }
    data.metalShares = m;
  }
  return data;
}

/** The countries averaged over: the matrix's, or the Yale Budget Lab's 240 Census codes. */
export function seriesCountries(law: Law, universe: SeriesAssumptions['universe'] = 'tariff'): MatrixCountry[] {
  const countries = matrixCountries(law);
  if (universe === 'yale') {
    // Census codes without a country of the matrix: the United States itself, and the Gaza Strip (5082) and the
    // West Bank (5083), both ISO PS.
    countries.push({ code: 'US', census: '1000' }, { code: 'PS', census: '5082' }, { code: 'PS', census: '5083' });
  }
  return countries;
}

const YALE_CHAPTERS: ReadonlySet<number> = new Set(Array.from({ length: 98 }, (_, i) => i + 1));

/** The aggregates of one evaluated date. */
export interface SeriesPoint {
  date: IsoDate;
  revision: string;
  lines: number;
  countries: MatrixCountry[];
  /** Per matrix country: sums over lines of the additional and total percent, and the same per authority. */
  sumAdd: Float64Array;
  sumTotal: Float64Array;
  /** countries x authorities, row-major. */
  sumAuth: Float64Array;
  /** Per matrix country: sum of weights and weighted sums. */
  wSum: Float64Array;
  wAdd: Float64Array;
  wTotal: Float64Array;
  /** Per authority: weighted sum over all countries. */
  wAuth: Float64Array;
  quotes: number;
  treatments: number;
  noRate: number;
  /** Pairs whose goods may not be entered on the date (an import prohibition): counted at 0, like no-rate pairs. */
  prohibited: number;
  conflicts: number;
}

/** Evaluates one date: every line x country, aggregated per country (and per authority). */
export function seriesPoint(
  schedule: Schedule,
  law: Law,
  date: IsoDate,
  mode: Mode,
  weights: SeriesWeights | null,
  lineCache?: Map<string, string[]>,
  data: AssumptionData = { assumptions: { usmca: 'statutory', metalContent: 'none', universe: 'tariff' } },
): SeriesPoint {
  const { assumptions } = data;
  const rev = schedule.revisionAt(date, mode === 'as-published' ? 'published' : 'effective');
  const cacheKey = `${rev.id}|${assumptions.universe}`;
  let lines = lineCache?.get(cacheKey);
  if (!lines) {
    lines = matrixLines(schedule, rev, assumptions.universe === 'yale' ? YALE_CHAPTERS : undefined);
    lineCache?.set(cacheKey, lines);
  }
  const usmca = data.usmcaShares !== undefined;
  const metal = data.metalShares;
  const cc = countryClasses(law, date, mode, seriesCountries(law, assumptions.universe), {
    ...(usmca ? { programs: ['S', 'S+'], singletons: USMCA_COUNTRIES } : {}),
    content: metal !== undefined,
  });
  const { countries, treatments, treatmentOf } = cc;
  const facts: EntryFacts = metal ? { content: (hts) => metal.get(hts) } : {};
  // USMCA utilization: the Canadian and Mexican treatments (one country each) are quoted again with the claim, on
  // the lines some of whose imports from them claimed it.
  const claimOf = new Map<number, string>();
  const only = new Uint8Array(treatments);
  const shares = data.usmcaShares;
  if (shares)
    countries.forEach((c, i) => {
      if (USMCA_COUNTRIES.includes(c.code)) {
        claimOf.set(treatmentOf[i]!, c.census);
        only[treatmentOf[i]!] = 1;
      }
    });
  if (shares && claimOf.size > 0) facts.claim = { program: 'S', only, wanted: (hts) => shares.has(hts) };
  const vals: Contribution[] = new Array<Contribution>(treatments);
  const n = countries.length;
  const tAdd = new Float64Array(treatments);
  const tTotal = new Float64Array(treatments);
  const tAuth = new Float64Array(treatments * NA);
  const tNoRate = new Float64Array(treatments);
  const tProhibited = new Float64Array(treatments);
  const tConflict = new Float64Array(treatments);
  const wSum = new Float64Array(n);
  const wAdd = new Float64Array(n);
  const wTotal = new Float64Array(n);
  const wAuth = new Float64Array(NA);
  const lineW = new Float64Array(treatments);
  let quotes = 0;
  for (const lt of lineTreatments(schedule, law, date, mode, lines, cc, contribution, () => quotes++, facts)) {
    const hts = lt.hts;
    const values = vals;
    for (let t = 0; t < treatments; t++) values[t] = lt.values[t]!;
    if (facts.claim) {
      const byCountry = shares!.get(hts);
      for (const [t, census] of claimOf) {
        const share = byCountry?.get(census) ?? 0;
        const withClaim = lt.claimed[t];
        if (share > 0 && withClaim) values[t] = mix(values[t]!, withClaim, share);
      }
    }
    for (let t = 0; t < treatments; t++) {
      const v = values[t]!;
      tAdd[t]! += v.add;
      tTotal[t]! += v.total;
      for (let a = 0; a < NA; a++) tAuth[t * NA + a]! += v.by[a]!;
      if (v.kind === 'no-rate') tNoRate[t]!++;
      else if (v.kind === 'prohibited') tProhibited[t]!++;
      else if (v.kind === 'conflict') tConflict[t]!++;
    }
    const lw = weights?.get(hts);
    if (!lw) continue;
    // Per country the additional and total; per authority the weight of each treatment on the line suffices.
    lineW.fill(0);
    for (let k = 0; k < lw.idx.length; k++) {
      const i = lw.idx[k]!;
      const w = lw.w[k]!;
      const t = treatmentOf[i]!;
      const v = values[t]!;
      wSum[i]! += w;
      wAdd[i]! += w * v.add;
      wTotal[i]! += w * v.total;
      lineW[t]! += w;
    }
    for (let t = 0; t < treatments; t++) {
      const w = lineW[t]!;
      if (w === 0) continue;
      const by = values[t]!.by;
      for (let a = 0; a < NA; a++) wAuth[a]! += w * by[a]!;
    }
  }
  const sumAdd = new Float64Array(n);
  const sumTotal = new Float64Array(n);
  const sumAuth = new Float64Array(n * NA);
  let noRate = 0;
  let prohibited = 0;
  let conflicts = 0;
  for (let i = 0; i < n; i++) {
    const t = treatmentOf[i]!;
    sumAdd[i] = tAdd[t]!;
    sumTotal[i] = tTotal[t]!;
    for (let a = 0; a < NA; a++) sumAuth[i * NA + a] = tAuth[t * NA + a]!;
    noRate += tNoRate[t]!;
    prohibited += tProhibited[t]!;
    conflicts += tConflict[t]!;
  }
  return {
    date,
    revision: rev.id,
    lines: lines.length,
    countries,
    sumAdd,
    sumTotal,
    sumAuth,
    wSum,
    wAdd,
    wTotal,
    wAuth,
    quotes,
    treatments,
    noRate,
    prohibited,
    conflicts,
  };
}

/** A row of the series (percent; weighted values null when the group has no weight). */
export interface SeriesRow {
  date: IsoDate;
  revision: string;
  country?: string;
  authority?: Authority;
  pairs: number;
  mean_additional_pct: number;
  mean_total_pct: number;
  weighted_additional_pct: number | null;
  weighted_total_pct: number | null;
}

/** The rows of one evaluated date (without the date: filled in per day). */
export function pointRows(p: SeriesPoint, by: SeriesBy): Omit<SeriesRow, 'date'>[] {
  const n = p.countries.length;
  const div = (a: number, b: number) => (b > 0 ? a / b : null);
  if (by === 'country')
    return p.countries.map((c, i) => ({
      revision: p.revision,
      country: c.code,
      pairs: p.lines,
      mean_additional_pct: p.sumAdd[i]! / p.lines,
      mean_total_pct: p.sumTotal[i]! / p.lines,
      weighted_additional_pct: div(p.wAdd[i]!, p.wSum[i]!),
      weighted_total_pct: div(p.wTotal[i]!, p.wSum[i]!),
    }));
  let add = 0;
  let total = 0;
  let w = 0;
  let wa = 0;
  let wt = 0;
  const auth = new Float64Array(NA);
  const wauth = p.wAuth;
  for (let i = 0; i < n; i++) {
    add += p.sumAdd[i]!;
    total += p.sumTotal[i]!;
    w += p.wSum[i]!;
    wa += p.wAdd[i]!;
    wt += p.wTotal[i]!;
    for (let a = 0; a < NA; a++) {
      auth[a]! += p.sumAuth[i * NA + a]!;
    }
  }
  const pairs = p.lines * n;
  if (by === 'overall')
    return [
      {
        revision: p.revision,
        pairs,
        mean_additional_pct: add / pairs,
        mean_total_pct: total / pairs,
        weighted_additional_pct: div(wa, w),
        weighted_total_pct: div(wt, w),
      },
    ];
  // By authority: each authority's contribution; the additional columns sum to the overall additional over the
  // authorities but mfn (whose additional is 0), the total columns to the overall total over all of them.
  return SERIES_AUTHORITIES.map((a, k) => ({
    revision: p.revision,
    authority: a,
    pairs,
    mean_additional_pct: a === 'mfn' ? 0 : auth[k]! / pairs,
    mean_total_pct: auth[k]! / pairs,
    weighted_additional_pct: a === 'mfn' ? (w > 0 ? 0 : null) : div(wauth[k]!, w),
    weighted_total_pct: div(wauth[k]!, w),
  }));
}

/** Adds a day to an ISO date. */
export function nextDay(d: IsoDate): IsoDate {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10) as IsoDate;
}

/**
 * The dates in [from, to] where a value can change: `from` itself, and every date where a dated rate begins or
 * ends (and, as published, where it was published or stopped being printed; a heading's first publication), a
 * revision takes effect (or is published), a country group member joins or leaves, a product list window, a
 * precedence window, an import prohibition or a heading set's member begins or ends.
 */
export function changeDates(schedule: Schedule, law: Law, from: IsoDate, to: IsoDate, mode: Mode): IsoDate[] {
  const set = new Set<string>([from]);
  const add = (d: string | undefined) => {
    if (d !== undefined && d > from && d <= to) set.add(d);
  };
  const published = mode === 'as-published';
  for (const p of law.programs)
    for (const c of p.candidates) {
      if (published) add(c.firstPublished);
      for (const r of c.rates) {
        add(r.from);
        add(r.to);
        if (published) {
          add(r.published);
          add(r.toPublished);
        }
      }
      add(c.when?.loadedBefore);
      add(c.when?.enteredBefore);
    }
  for (const r of schedule.revisions) add(published ? r.published : r.effective);
  for (const g of law.countries.groups.values())
    for (const m of g.members) {
      add(m.from);
      add(m.to);
    }
  for (const l of law.lists.values())
    for (const ws of l.entries.values())
      for (const w of ws) {
        add(w.from);
        add(w.to);
      }
  for (const g of law.precedence) {
    add(g.from);
    add(g.to);
  }
  for (const b of law.prohibitions) {
    add(b.importedFrom);
    add(b.importedTo);
  }
  for (const hs of law.headingSets.values())
    for (const m of hs.members) {
      add(m.from);
      add(m.to);
    }
  return [...set].sort() as IsoDate[];
}

export interface SeriesOptions {
  from: IsoDate;
  to: IsoDate;
  by?: SeriesBy;
  mode?: Mode;
  weights?: SeriesWeights | null;
  /** The assumptions and their data (default: statutory, no metal content, the tariff universe). */
  assumed?: AssumptionData;
  /** Called after each evaluated date (progress). */
  onPoint?: (p: SeriesPoint, index: number, of: number) => void;
}

export interface SeriesResult {
  rows: SeriesRow[];
  /** The dates evaluated (the change dates in the range). */
  evaluated: IsoDate[];
  quotes: number;
}

/** The daily rows from the points of the change dates (in date order) up to `to` (inclusive). */
export function seriesRows(points: SeriesPoint[], to: IsoDate, by: SeriesBy): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (let k = 0; k < points.length; k++) {
    const template = pointRows(points[k]!, by);
    const end = k + 1 < points.length ? points[k + 1]!.date : nextDay(to);
    for (let d = points[k]!.date; d < end; d = nextDay(d)) for (const r of template) rows.push({ date: d, ...r });
  }
  return rows;
}

/** The daily series from `from` to `to` (inclusive), evaluated in this thread. */
export function buildSeries(schedule: Schedule, law: Law, opts: SeriesOptions): SeriesResult {
  const mode = opts.mode ?? 'legal';
  const dates = changeDates(schedule, law, opts.from, opts.to, mode);
  const lineCache = new Map<string, string[]>();
  const points: SeriesPoint[] = [];
  let quotes = 0;
  for (let k = 0; k < dates.length; k++) {
    const p = seriesPoint(schedule, law, dates[k]!, mode, opts.weights ?? null, lineCache, opts.assumed);
    quotes += p.quotes;
    opts.onPoint?.(p, k, dates.length);
    points.push(p);
  }
  return { rows: seriesRows(points, opts.to, opts.by ?? 'overall'), evaluated: dates, quotes };
}

// ---- weights ------------------------------------------------------------------------------------------------

/** Splits CSV text into rows of fields (RFC 4180 quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function finishWeights(acc: Map<string, Map<number, number>>): SeriesWeights {
  const out: SeriesWeights = new Map();
  for (const [hts, m] of acc) {
    const idx = new Int32Array(m.size);
    const w = new Float64Array(m.size);
    let k = 0;
    for (const [i, v] of m) {
      idx[k] = i;
      w[k++] = v;
    }
    out.set(hts, { idx, w });
  }
  return out;
}

export interface WeightsInfo {
  /** Where the weights come from. */
  source: string;
  total: number;
  /** Value dropped: countries without an ISO code in the country table (default weights) or unknown. */
  droppedCountries: number;
  /** Value of sectors without any HTS-10 line in the crosswalk (default weights). */
  droppedSectors: number;
}

/**
 * The default weights: the 2024 imports of each country and GTAP sector (reference-yale
 * imports_by_country_gtap_2024.csv) spread equally over the sector's HS10 lines (hs10_gtap_crosswalk.csv).
 */
export function defaultWeights(
  sourcesDir: string,
  countries: MatrixCountry[],
): { weights: SeriesWeights; info: WeightsInfo } {
  const dir = join(sourcesDir, 'reference-yale');
  const imports = parseCsv(readFileSync(join(dir, 'imports_by_country_gtap_2024.csv'), 'utf8'));
  const cross = parseCsv(readFileSync(join(dir, 'hs10_gtap_crosswalk.csv'), 'utf8'));
  const ch = cross[0]!;
  const hi = ch.indexOf('hs10');
  const gi = ch.indexOf('gtap_code');
  const linesOf = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const r of cross.slice(1)) {
    const hts = r[hi]!.replace(/\D/g, '').padStart(10, '0');
    const g = r[gi]!.toLowerCase();
    if (hts.length !== 10 || seen.has(hts)) continue;
    seen.add(hts);
    const chapter = Number(hts.slice(0, 2));
    if (chapter < 1 || chapter > 97) continue;
    let l = linesOf.get(g);
    if (!l) linesOf.set(g, (l = []));
    l.push(hts);
  }
  const byCensus = new Map(countries.map((c, i) => [c.census, i]));
  const head = imports[0]!;
  const ci = head.indexOf('cty_code');
  // Sector columns: "pdr (Paddy Rice)"; the totals and the s232 pharma memo column are not sectors.
  const sectors = head
    .map((h, j) => ({ j, code: /^([a-z_]+) \(/.exec(h)?.[1] }))
    .filter((s): s is { j: number; code: string } => !!s.code && !s.code.startsWith('s232'));
  const acc = new Map<string, Map<number, number>>();
  const info: WeightsInfo = {
    source: `${join(dir, 'imports_by_country_gtap_2024.csv')} x hs10_gtap_crosswalk.csv`,
    total: 0,
    droppedCountries: 0,
    droppedSectors: 0,
  };
  for (const r of imports.slice(1)) {
    const i = byCensus.get(r[ci]!.trim());
    for (const s of sectors) {
      const v = Number(r[s.j]);
      if (!(v > 0)) continue;
      if (i === undefined) {
        info.droppedCountries += v;
        continue;
      }
      const lines = linesOf.get(s.code);
      if (!lines?.length) {
        info.droppedSectors += v;
        continue;
      }
      info.total += v;
      const each = v / lines.length;
      for (const hts of lines) {
        let m = acc.get(hts);
        if (!m) acc.set(hts, (m = new Map()));
        m.set(i, (m.get(i) ?? 0) + each);
      }
    }
  }
  return { weights: finishWeights(acc), info };
}

/** Weights from a CSV file `hs10,country,value` (country ISO 3166 alpha-2 or Census code). */
export function readWeights(path: string, countries: MatrixCountry[]): { weights: SeriesWeights; info: WeightsInfo } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(
      'weights',
      path,
      `cannot read ${path}: ${(e as Error).message}`,
      'a CSV file hs10,country,value',
    );
  }
  const rows = parseCsv(text);
  const head = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const hi = head.indexOf('hs10');
  const ci = head.indexOf('country');
  const vi = head.indexOf('value');
  if (hi < 0 || ci < 0 || vi < 0)
    throw new InputError(
      'weights',
      path,
      `${path} lacks the columns hs10, country and value`,
      'a CSV file hs10,country,value',
    );
  const byCode = new Map<string, number>();
  countries.forEach((c, i) => {
    byCode.set(c.code, i);
    byCode.set(c.census, i);
  });
  const acc = new Map<string, Map<number, number>>();
  const info: WeightsInfo = { source: path, total: 0, droppedCountries: 0, droppedSectors: 0 };
  rows.slice(1).forEach((r, k) => {
    const hts = (r[hi] ?? '').replace(/\D/g, '');
    const country = (r[ci] ?? '').trim().toUpperCase();
    const v = Number(r[vi]);
    if (hts.length !== 10)
      throw new InputError(
        'weights',
        r[hi],
        `${path} row ${k + 2}: hs10 "${r[hi]}" is not an HTS-10 code`,
        '10 digits',
      );
    if (!Number.isFinite(v) || v < 0)
      throw new InputError('weights', r[vi], `${path} row ${k + 2}: value "${r[vi]}" is not a number >= 0`, 'a number');
    const i = byCode.get(country);
    if (i === undefined)
      throw new InputError(
        'weights',
        r[ci],
        `${path} row ${k + 2}: country "${r[ci]}" is not a country of the series`,
        'an ISO 3166-1 alpha-2 code or a Census country code of a country with a Census code',
      );
    info.total += v;
    let m = acc.get(hts);
    if (!m) acc.set(hts, (m = new Map()));
    m.set(i, (m.get(i) ?? 0) + v);
  });
  return { weights: finishWeights(acc), info };
}

export { matrixCountries };
