// Scenarios: overlays on the actual law ("what if Japan's 24% had never been paused?"), applied to a Law to give
// a NEW Law. The baseline is never mutated: the programs and candidates a change touches are copied, everything else
// is shared (the evaluator's memos are keyed by object, so shared parts keep their memo and copies get their own).
// Pure: the scenario arrives validated (src/load/scenario.ts); errors that need the law (unknown country, list,
// program, a change matching nothing) are ScenarioErrors naming the change by index and the key.
import { InputError } from '../errors.js';
import type { IsoDate } from '../time/date.js';
import type {
  Authority,
  Candidate,
  CountryScope,
  DatedRate,
  Law,
  MeasureRate,
  ProductScope,
  Program,
} from './types.js';

/** End (or suspend between from and to) the rates of every matching measure. */
export interface EndChange {
  kind: 'end';
  heading?: string;
  authority?: Authority;
  program?: string;
  /** Only for these countries (the measure keeps its rates for the others). */
  countries?: string[];
  from: IsoDate;
  to?: IsoDate;
}

/** A new measure, evaluated before the program's country rates (after its exemptions). */
export interface AddChange {
  kind: 'add';
  authority: Authority;
  heading: string;
  /** Countries (codes and groups); absent means every country. */
  countries?: CountryScope;
  products: ProductScope;
  rate: MeasureRate;
  from: IsoDate;
  to?: IsoDate;
  citation: string;
  /** The program to add the measure to; default: the program of the authority that concerns the countries. */
  program?: string;
  title?: string;
  /** Only for entries reported under a heading of this heading set (the notes' "articles of headings ..."). */
  reportedUnder?: string;
}

/** Replace the rate of the measures of a heading between from and to (splits their dated windows). */
export interface SetChange {
  kind: 'set';
  heading: string;
  rate: MeasureRate;
  from: IsoDate;
  to?: IsoDate;
  countries?: string[];
  citation?: string;
}

export type ScenarioChange = EndChange | AddChange | SetChange;

export interface Scenario {
  name: string;
  description?: string;
  changes: ScenarioChange[];
  /** Where it was read from (for error messages and the program file of added measures). */
  source?: string;
}

export const RATE_ACCEPTED = '"+24%" (added to the duty), "15%" or "15% inclusive" (a floor), or "no change"';

/** "+24%" -> add 24; "15%" / "15% inclusive" -> floor 15; "no change" -> none. Null when not a rate. */
export function parseScenarioRate(text: string): MeasureRate | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'no change' || t === 'none') return { kind: 'none' };
  let m = /^\+\s?(\d+(?:\.\d+)?)\s?%$/.exec(t);
  if (m) return { kind: 'add', percent: canonical(m[1]!) };
  m = /^(\d+(?:\.\d+)?)\s?%(?: inclusive)?$/.exec(t);
  if (m) return { kind: 'floor', percent: canonical(m[1]!) };
  return null;
}

function canonical(n: string): string {
  return n.includes('.') ? n.replace(/0+$/, '').replace(/\.$/, '') : n.replace(/^0+(?=\d)/, '');
}

/** A scenario that does not fit the law it is applied to: names the change and the key. */
export class ScenarioError extends InputError {
  constructor(
    source: string | undefined,
    key: string,
    message: string,
    accepted = 'a change as in law/scenarios/*.yaml: end, add or set with the keys of its kind',
  ) {
    super(key, undefined, `${source ? `${source}: ` : ''}${key}: ${message}`, accepted);
    this.name = 'ScenarioError';
  }
}

/** The part of dated rates outside [from, to): what is left when a measure is ended or suspended there. */
export function cutWindow(rates: DatedRate[], from: IsoDate, to?: IsoDate): DatedRate[] {
  const out: DatedRate[] = [];
  for (const r of rates) {
    const overlaps = (to === undefined || r.from < to) && (r.to === undefined || r.to > from);
    if (!overlaps) {
      out.push(r);
      continue;
    }
    if (r.from < from) {
      const { toPublished: _tp, ...rest } = r;
      out.push({ ...rest, to: from });
    }
    if (to !== undefined && (r.to === undefined || r.to > to)) {
      const { published, ...rest } = r;
      out.push({ ...rest, from: to, ...(published && published > to ? { published } : {}) });
    }
  }
  return out;
}

function sortRates(rates: DatedRate[]): DatedRate[] {
  return [...rates].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The countries of `names` a scope may concern on some date (static excepts removed). */
function concerned(law: Law, scope: CountryScope | undefined, names: string[]): string[] {
  return names.filter((code) => {
    if (!scope) return true;
    if (scope.except?.includes(code)) return false;
    if (!scope.codes && !scope.groups) return true;
    if (scope.codes?.includes(code)) return true;
    return (scope.groups ?? []).some((g) => law.countries.groups.get(g)?.members.some((m) => m.code === code));
  });
}

/** The scope restricted to `codes` (which it concerns), exactly, dated group memberships included. */
function restrict(law: Law, scope: CountryScope | undefined, codes: string[]): CountryScope {
  if (!scope || (!scope.groups && !scope.exceptGroups)) return { codes: [...codes] };
  // Groups may have dated members: keep the scope and except every other country.
  const keep = new Set(codes);
  const others = [...law.countries.countries.keys()].filter((c) => !keep.has(c));
  return { ...scope, except: [...new Set([...(scope.except ?? []), ...others])] };
}

/** The scope without `codes`. */
function without(scope: CountryScope | undefined, codes: string[]): CountryScope {
  const drop = new Set(codes);
  if (!scope) return { except: [...codes] };
  const out: CountryScope = { ...scope, except: [...new Set([...(scope.except ?? []), ...codes])] };
  if (scope.codes) out.codes = scope.codes.filter((c) => !drop.has(c));
  return out;
}

function checkCountries(law: Law, source: string | undefined, key: string, codes: string[] | undefined): void {
  for (const c of codes ?? [])
    if (!law.countries.countries.has(c))
      throw new ScenarioError(source, key, `${c} is not an ISO country code of law/countries.yaml`);
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'scenario'
  );
}

/**
 * A candidate is an exemption when it charges nothing (all its rates are "no change"), applies only on a claim, or
 * is an in-transit rule (goods loaded before a date keep the earlier treatment):
 * an added measure goes after the leading exemptions of a program, so that exempt goods (Annex II, Section 232
 * articles, donations, ...) stay exempt under the scenario.
 */
function isExemption(c: Candidate): boolean {
  return (
    c.rates.every((r) => r.rate.kind === 'none') || c.when?.claim !== undefined || c.when?.loadedBefore !== undefined
  );
}

/** The law under the scenario: a new Law; the baseline is untouched. */
export function applyScenario(law: Law, scenario: Scenario): Law {
  const src = scenario.source;
  const base = slug(scenario.name);
  let programs: Program[] = law.programs;
  let references = law.references;
  const copied = new Set<Program>();
  const writable = (i: number): Program => {
    const p = programs[i]!;
    if (copied.has(p)) return p;
    const q: Program = { ...p, candidates: [...p.candidates] };
    if (programs === law.programs) programs = [...law.programs];
    programs[i] = q;
    copied.add(q);
    return q;
  };
  const addReference = (id: string, title: string) => {
    if (references === law.references) references = new Map(law.references);
    references.set(id, { id, title });
  };

  scenario.changes.forEach((ch, n) => {
    const key = `changes[${n}].${ch.kind}`;
    const tag = `${base}#${n + 1}`;
    if (ch.kind === 'add') {
      checkCountries(law, src, `${key}.countries`, ch.countries?.codes);
      for (const g of ch.countries?.groups ?? [])
        if (!law.countries.groups.has(g))
          throw new ScenarioError(src, `${key}.groups`, `country group ${g} is not in law/countries.yaml`);
      for (const l of [...(ch.products.lists ?? []), ...(ch.products.except?.lists ?? [])])
        if (!law.lists.has(l))
          throw new ScenarioError(src, `${key}.products`, `product list ${l} is not declared in law/lists.yaml`);
      if (ch.reportedUnder !== undefined && !law.headingSets.has(ch.reportedUnder))
        throw new ScenarioError(
          src,
          `${key}.reportedUnder`,
          `heading set ${ch.reportedUnder} is not in law/heading-sets.yaml`,
          [...law.headingSets.keys()].join(', '),
        );
      const ref = `scenario/${base}/${n + 1}`;
      addReference(ref, ch.citation);
      let idx: number;
      if (ch.program !== undefined) {
        idx = programs.findIndex((p) => p.id === ch.program);
        if (idx >= 0 && programs[idx]!.authority !== ch.authority)
          throw new ScenarioError(
            src,
            `${key}.program`,
            `program ${ch.program} is of authority ${programs[idx]!.authority}, not ${ch.authority}`,
          );
      } else {
        const same = programs.map((p, i) => [p, i] as const).filter(([p]) => p.authority === ch.authority);
        const codes = ch.countries?.codes ?? [];
        const fits =
          same.length <= 1
            ? same
            : same.filter(([p]) => p.candidates.some((c) => concerned(law, c.countries, codes).length > 0));
        idx = fits.length === 1 ? fits[0]![1] : -1;
      }
      const programId = idx >= 0 ? programs[idx]!.id : (ch.program ?? `scenario-${n + 1}`);
      const target = idx >= 0 ? programs[idx]! : null;
      const candidate: Candidate = {
        id: `${programId}/${ch.heading}@${tag}`,
        heading: ch.heading,
        title: ch.title ?? `Scenario "${scenario.name}": ${ch.citation}`,
        rates: [{ from: ch.from, ...(ch.to ? { to: ch.to } : {}), rate: ch.rate, ref }],
        ...(ch.countries ? { countries: ch.countries } : {}),
        products: ch.products,
        ...(ch.reportedUnder ? { when: { reportedUnder: ch.reportedUnder } } : {}),
        ...(ch.rate.kind === 'add' && target?.candidates.some((c) => c.share === 'remainder')
          ? { share: 'remainder' as const }
          : {}),
      };
      if (target) {
        const p = writable(idx);
        let at = p.candidates.findIndex((c) => !isExemption(c));
        if (at < 0) at = p.candidates.length;
        p.candidates.splice(at, 0, candidate);
      } else {
        if (programs === law.programs) programs = [...law.programs];
        programs.push({
          id: programId,
          authority: ch.authority,
          title: `Scenario "${scenario.name}"`,
          file: src ?? 'scenario',
          candidates: [candidate],
          dependsOn: [],
          notModelled: [],
        });
      }
      return;
    }

    // end / set: every matching candidate, split by country when the change names countries.
    checkCountries(law, src, `${key}.countries`, ch.countries);
    if (ch.kind === 'set') {
      const ref = `scenario/${base}/${n + 1}`;
      addReference(ref, ch.citation ?? `Scenario "${scenario.name}"`);
    }
    const change = (rates: DatedRate[]): DatedRate[] =>
      ch.kind === 'end'
        ? cutWindow(rates, ch.from, ch.to)
        : sortRates([
            ...cutWindow(rates, ch.from, ch.to),
            { from: ch.from, ...(ch.to ? { to: ch.to } : {}), rate: ch.rate, ref: `scenario/${base}/${n + 1}` },
          ]);
    let matched = 0;
    for (let i = 0; i < programs.length; i++) {
      const p0 = programs[i]!;
      if (ch.kind === 'end') {
        if (ch.authority !== undefined && p0.authority !== ch.authority) continue;
        if (ch.program !== undefined && p0.id !== ch.program) continue;
      }
      const hits = p0.candidates
        .map((c, ci) => [c, ci] as const)
        .filter(([c]) => ch.heading === undefined || c.heading === ch.heading)
        .filter(([c]) => !ch.countries || concerned(law, c.countries, ch.countries).length > 0);
      if (hits.length === 0) continue;
      const p = writable(i);
      // From the last so that inserted copies do not shift the indexes still to visit.
      for (const [c, ci] of [...hits].reverse()) {
        matched++;
        if (!ch.countries) {
          p.candidates[ci] = { ...c, rates: change(c.rates) };
          continue;
        }
        const codes = concerned(law, c.countries, ch.countries);
        const copy: Candidate = {
          ...c,
          id: `${c.id}@${tag}`,
          countries: restrict(law, c.countries, codes),
          rates: change(c.rates),
        };
        const rest: Candidate = { ...c, countries: without(c.countries, codes) };
        p.candidates.splice(ci, 1, copy, rest);
      }
    }
    if (matched === 0) {
      const what = [
        ch.heading && `heading ${ch.heading}`,
        ch.kind === 'end' && ch.authority && `authority ${ch.authority}`,
        ch.kind === 'end' && ch.program && `program ${ch.program}`,
        ch.countries && `countries ${ch.countries.join(', ')}`,
      ]
        .filter(Boolean)
        .join(', ');
      throw new ScenarioError(src, key, `no measure of the law matches ${what}`);
    }
  });

  return { ...law, programs, references };
}
