// check-policy: cross-checks the measure records (law/**/*.yaml) against the Chapter 99 lines of every revision.
// Every 9903.xx.xx heading printed in any revision is either covered by a record, listed out of scope with a reason
// (law/out-of-scope.yml), or reported as uncovered. Every record rate is compared with the heading's printed general
// rate in each revision whose effective date falls in the record's window; differences the records explain are
// listed apart (knownDifferences in the out-of-scope file). Pure logic: the caller loads the schedule and the law.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseRate } from '../core/hts/rate/index.js';
import type { Law, MeasureRate } from '../core/law/types.js';

// ---- the out-of-scope file ----------------------------------------------------------------------------------------

const HEADING = /^99\d\d\.\d\d\.\d\d$/;
const headingSchema = z.string().regex(HEADING, 'a Chapter 99 heading like 9903.88.16');
const rangeSchema = z
  .string()
  .regex(/^99\d\d\.\d\d\.\d\d-99\d\d\.\d\d\.\d\d$/, 'a range of headings like 9903.88.05-9903.88.68');

const entrySchema = z
  .strictObject({
    heading: headingSchema.optional(),
    range: rangeSchema.optional(),
    reason: z.string().min(1),
    evidence: z.string().min(1),
  })
  .refine((e) => (e.heading === undefined) !== (e.range === undefined), 'give exactly one of heading or range');

const knownSchema = z.strictObject({
  heading: headingSchema,
  /** Only these revisions (ids); absent: every revision. */
  revisions: z.array(z.string()).optional(),
  reason: z.string().min(1),
  evidence: z.string().min(1),
});

const fileSchema = z.strictObject({
  headings: z.array(entrySchema),
  knownDifferences: z.array(knownSchema).optional(),
});

export interface OutOfScopeEntry {
  heading?: string;
  range?: string;
  reason: string;
  evidence: string;
}

export interface KnownDifference {
  heading: string;
  /** Only these revisions (ids); absent: every revision. */
  revisions?: string[];
  reason: string;
  evidence: string;
}

export interface OutOfScopeFile {
  headings: OutOfScopeEntry[];
  knownDifferences?: KnownDifference[];
}

/** Validates a parsed out-of-scope document (closed keys); errors name the key. */
export function parseOutOfScope(doc: unknown, file = 'out-of-scope.yml'): OutOfScopeFile {
  const r = fileSchema.safeParse(doc);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${file}: ${i.path.join('.')}: ${i.message}`);
  }
  for (const e of r.data.headings)
    if (e.range) {
      const [a, b] = e.range.split('-') as [string, string];
      if (a >= b) throw new Error(`${file}: range ${e.range}: the first heading must be lower than the second`);
    }
  return r.data as OutOfScopeFile;
}

export function loadOutOfScope(path: string): OutOfScopeFile {
  return parseOutOfScope(parseYaml(readFileSync(path, 'utf8')), path);
}

// ---- what the check reads -----------------------------------------------------------------------------------------

export interface RevisionLike {
  id: string;
  effective: string;
}

/** The part of the Schedule the check uses (the real Schedule satisfies it; tests pass small fakes). */
export interface ScheduleLike<R extends RevisionLike = RevisionLike> {
  readonly revisions: readonly R[];
  codesIn(rev: R): Iterable<string>;
  line(digits: string, rev: R): { general: string; description: string } | null;
}

// ---- the result (contracts.md: tariff check-policy --json) --------------------------------------------------------

export interface Disagreement {
  heading: string;
  revision: string;
  law: string;
  hts: string;
}

/**
 * A record the sources cannot check yet: its heading is printed in no revision (a measure after the last revision
 * the sources hold), or one of its dated values starts after the last revision took effect (a scheduled change).
 * It is checked like every other record as soon as a revision that prints it is in the sources.
 */
export interface Awaiting {
  heading: string;
  measureId: string;
  /** The legal instrument the record rests on (its reference). */
  instrument: string;
  /** First date of the record (or of the dated value) not yet printed. */
  from: string;
  rate: string;
  kind: 'heading' | 'value';
}

export interface CheckResult {
  revisions: number;
  /** Distinct 9903.xx.xx headings printed in any revision. */
  headings: number;
  covered: number;
  outOfScope: { heading: string; reason: string; evidence: string; matched: number }[];
  uncovered: string[];
  disagreements: Disagreement[];
  /** Records awaiting a printed revision (not errors): checked automatically once the sources print them. */
  awaiting: Awaiting[];
  /** Differences between a record and the printed rate that the out-of-scope file explains. */
  knownDifferences: (Disagreement & { reason: string })[];
  /** Informational: record windows before the first printing, out-of-scope entries that match nothing, etc. */
  notes: { heading: string; message: string }[];
  /** Oddities found while loading the law (skipped rows of product lists). */
  warnings: string[];
}

// ---- helpers ------------------------------------------------------------------------------------------------------

export function dotted(digits: string): string {
  const d = digits.replace(/\./g, '');
  return `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6, 8)}`;
}

function normalizeText(s: string): string {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function samePercent(a: string, b: string): boolean {
  const x = Number(a.replace(/,/g, ''));
  const y = Number(b.replace(/,/g, ''));
  return Number.isFinite(x) && Number.isFinite(y) && x === y;
}

/** The record's rate as a short text for reports. */
export function printLawRate(r: MeasureRate): string {
  switch (r.kind) {
    case 'add':
      return `+${r.percent}%`;
    case 'floor':
      return `${r.percent}% (in lieu of MFN)`;
    case 'none':
      return 'no change';
    case 'content':
      return `+${r.percent}% of ${r.content} content`;
    case 'nonUsContent':
      return `+${r.percent}% of non-U.S. content`;
    case 'minimumPrice':
      return `minimum import price $${r.price}/${r.unit}`;
  }
}

/**
 * True when the printed general rate of a heading says what the record's rate says. Section 201 safeguard headings
 * print their rate bare ("25%") although it is in addition to column 1 (e.g. note 41(b)): for them a bare percent
 * is an additional duty.
 */
export function rateAgrees(rate: MeasureRate, general: string, authority?: string): boolean {
  const text = normalizeText(general).replace(/\.$/, '');
  const e = parseRate(general);
  switch (rate.kind) {
    case 'add':
      if (e.kind === 'applicable' && e.plus && !e.minus && !e.contentPlus)
        return samePercent(e.plus.percent, rate.percent);
      if (authority === 's201' && e.kind === 'adValorem' && !e.basis) return samePercent(e.percent, rate.percent);
      return false;
    case 'floor':
      return e.kind === 'adValorem' && !e.basis && samePercent(e.percent, rate.percent);
    case 'none':
      if (e.kind === 'noChange' || e.kind === 'free' || e.kind === 'none') return true;
      if (e.kind === 'applicable') return !e.minus && !e.contentPlus && (!e.plus || samePercent(e.plus.percent, '0'));
      return /^no change$/i.test(text);
    case 'content': {
      if (e.kind === 'applicable' && e.contentPlus)
        return (
          samePercent(e.contentPlus.percent, rate.percent) &&
          e.contentPlus.content.toLowerCase().includes(rate.content) &&
          !e.plus
        );
      const m = /\+ ?(?:a duty of )?(\d+(?:\.\d+)?)% upon the value of the (\w+) content/i.exec(text);
      return !!m && samePercent(m[1]!, rate.percent) && m[2]!.toLowerCase() === rate.content;
    }
    case 'nonUsContent': {
      const m =
        /\+ ?(?:a duty of )?(\d+(?:\.\d+)?)% (?:ad valorem )?upon the value of the non-U\.? ?S\.? content/i.exec(text);
      return !!m && samePercent(m[1]!, rate.percent);
    }
    case 'minimumPrice': {
      // Printed as a specific rate ("$21/kg", "+ $0.38/watt"); the unit names kilograms or watts.
      const m = /\$ ?(\d+(?:\.\d+)?) ?\/ ?(kg|kilogram|w|watt)/i.exec(text);
      return !!m && samePercent(m[1]!, rate.price) && m[2]!.toLowerCase().startsWith(rate.unit.toLowerCase());
    }
  }
}

function rangeOf(e: OutOfScopeEntry): [string, string] {
  if (e.heading) return [e.heading, e.heading];
  const [a, b] = e.range!.split('-') as [string, string];
  return [a, b];
}

// ---- the check ----------------------------------------------------------------------------------------------------

export function checkPolicy<R extends RevisionLike>(
  schedule: ScheduleLike<R>,
  law: Pick<Law, 'programs'> & Partial<Pick<Law, 'references'>> & { warnings?: string[] },
  outOfScope: OutOfScopeFile,
): CheckResult {
  const notes: CheckResult['notes'] = [];

  // Every 8-digit 9903 heading of every revision, with the revisions that print it.
  const printedIn = new Map<string, R[]>();
  for (const rev of schedule.revisions)
    for (const code of schedule.codesIn(rev)) {
      if (code.length !== 8 || !code.startsWith('9903')) continue;
      const h = dotted(code);
      const list = printedIn.get(h);
      if (list) list.push(rev);
      else printedIn.set(h, [rev]);
    }
  const headings = [...printedIn.keys()].sort();

  // Coverage: a candidate with the heading (and the reciprocal U.S.-content rule, which the law models on the program).
  const coveredSet = new Set<string>();
  for (const p of law.programs) {
    for (const c of p.candidates) coveredSet.add(c.heading);
    if (p.usContentRule) coveredSet.add(p.usContentRule.heading);
  }

  const entries = outOfScope.headings.map((e) => ({ e, range: rangeOf(e), matched: 0 }));
  const uncovered: string[] = [];
  let covered = 0;
  for (const h of headings) {
    const hits = entries.filter((x) => x.range[0] <= h && h <= x.range[1]);
    if (coveredSet.has(h)) {
      covered++;
      for (const x of hits)
        notes.push({
          heading: h,
          message: `covered by a record but also listed out of scope (${x.e.heading ?? x.e.range}): the record wins`,
        });
      continue;
    }
    if (hits.length) for (const x of hits) x.matched++;
    else uncovered.push(h);
  }
  const outOfScopeList = entries
    .filter((x) => x.matched > 0)
    .map((x) => ({
      heading: x.e.heading ?? x.e.range!,
      reason: x.e.reason,
      evidence: x.e.evidence,
      matched: x.matched,
    }));
  for (const x of entries)
    if (x.matched === 0 && !(x.e.heading && coveredSet.has(x.e.heading)))
      notes.push({
        heading: x.e.heading ?? x.e.range!,
        message: 'out-of-scope entry matches no uncovered heading printed in any revision',
      });

  // Agreement of every dated rate with the printed rate of each revision in its window.
  const knownList = outOfScope.knownDifferences ?? [];
  const knownFor = (heading: string, revision: string) =>
    knownList.find((k) => k.heading === heading && (!k.revisions || k.revisions.includes(revision)));
  const disagreements: Disagreement[] = [];
  const knownDifferences: CheckResult['knownDifferences'] = [];
  const seen = new Set<string>();
  const awaiting: Awaiting[] = [];
  const lastEffective = schedule.revisions.reduce((m, r) => (r.effective > m ? r.effective : m), '');
  const instrument = (ref: string) => {
    const r = law.references?.get(ref);
    if (!r) return ref;
    const title = r.title.split(/[;(]/)[0]!.trim();
    const short = title.length > 60 ? `${title.slice(0, 57)}...` : title;
    return r.fr ? `${short} (${r.fr})` : short;
  };
  for (const p of law.programs)
    for (const c of p.candidates) {
      const digits = c.heading.replace(/\./g, '');
      const revs = printedIn.get(c.heading) ?? [];
      if (revs.length === 0) {
        const first = c.rates[0]!;
        awaiting.push({
          heading: c.heading,
          measureId: c.id,
          instrument: instrument(first.ref),
          from: first.from,
          rate: printLawRate(first.rate),
          kind: 'heading',
        });
        continue;
      }
      for (const dr of c.rates)
        if (dr.from > lastEffective)
          awaiting.push({
            heading: c.heading,
            measureId: c.id,
            instrument: instrument(dr.ref),
            from: dr.from,
            rate: printLawRate(dr.rate),
            kind: 'value',
          });
      const first = revs[0]!;
      for (const dr of c.rates) {
        if (dr.from < first.effective && first !== schedule.revisions[0] && !dr.published)
          notes.push({
            heading: c.heading,
            message: `record ${c.id}: window from ${dr.from} starts before the first revision printing the heading (${first.id}, effective ${first.effective}) and documents no retroactive publication`,
          });
        for (const rev of revs) {
          if (rev.effective < dr.from || (dr.to !== undefined && rev.effective >= dr.to)) continue;
          const line = schedule.line(digits, rev);
          if (!line) continue;
          if (rateAgrees(dr.rate, line.general, p.authority)) continue;
          const row = {
            heading: c.heading,
            revision: rev.id,
            law: printLawRate(dr.rate),
            hts: normalizeText(line.general),
          };
          const key = `${row.heading}|${row.revision}|${row.law}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const k = knownFor(c.heading, rev.id);
          if (k) knownDifferences.push({ ...row, reason: k.reason });
          else disagreements.push(row);
        }
      }
    }
  for (const k of knownList)
    if (!knownDifferences.some((d) => d.heading === k.heading && (!k.revisions || k.revisions.includes(d.revision))))
      notes.push({
        heading: k.heading,
        message: 'known difference listed, but the record agrees with the HTS (or has no record)',
      });

  const byRev = new Map(schedule.revisions.map((r, i) => [r.id, i]));
  const order = (a: Disagreement, b: Disagreement) =>
    a.heading < b.heading ? -1 : a.heading > b.heading ? 1 : byRev.get(a.revision)! - byRev.get(b.revision)!;
  disagreements.sort(order);
  knownDifferences.sort(order);
  awaiting.sort((a, b) => (a.heading < b.heading ? -1 : a.heading > b.heading ? 1 : a.from < b.from ? -1 : 1));

  return {
    revisions: schedule.revisions.length,
    headings: headings.length,
    covered,
    outOfScope: outOfScopeList,
    uncovered,
    disagreements,
    awaiting,
    knownDifferences,
    notes,
    warnings: law.warnings ?? [],
  };
}
