// Which change dates of a scenario series need the alternative law evaluated: a scenario touches a few programs
// (src/core/law/scenario.ts copies only those), so on a date where every touched program has the same measures in
// force under both laws, the alternative's point is the baseline's. Pure.
import type { Mode } from '../core/evaluate/entry.js';
import type { Candidate, DatedRate, Law, Program } from '../core/law/types.js';
import { scopeIncludes } from './matrix.js';
import type { IsoDate } from '../core/time/date.js';

/**
 * What a program charges on a date, country by country: the decision list of the candidates in force that concern
 * the country. Ids, window bounds and the way countries are split between candidates are left out: a measure
 * ended for one country elsewhere in time charges the same on this date.
 */
function inForce(law: Law, p: Program, date: IsoDate, mode: Mode): string {
  const live: { c: Candidate; v: DatedRate }[] = [];
  for (const c of p.candidates)
    for (const v of c.rates) {
      const to = mode === 'as-published' && v.toPublished && (!v.to || v.toPublished > v.to) ? v.toPublished : v.to;
      if (date >= v.from && (to === undefined || date < to)) live.push({ c, v });
    }
  const byCountry: string[] = [];
  for (const country of law.countries.countries.keys()) {
    const list = live
      .filter(({ c }) => scopeIncludes(law, c.countries, country, date))
      .map(({ c, v }) => [
        c.heading,
        c.products ?? null,
        c.when ?? null,
        c.share ?? null,
        v.rate,
        mode === 'as-published' ? [v.published ?? null, v.to ?? null, v.toPublished ?? null, c.firstPublished] : null,
      ]);
    byCountry.push(JSON.stringify(list));
  }
  return byCountry.join('\n');
}

/** True when the two laws may charge differently on the date (conservative: true when unsure). */
export function lawsDiffer(base: Law, alt: Law, date: IsoDate, mode: Mode): boolean {
  if (base === alt) return false;
  if (base.programs.length !== alt.programs.length) return true;
  if (base.precedence !== alt.precedence || base.lists !== alt.lists || base.countries !== alt.countries) return true;
  for (let k = 0; k < base.programs.length; k++) {
    const a = base.programs[k]!;
    const b = alt.programs[k]!;
    if (a === b) continue;
    if (a.id !== b.id) return true;
    if (inForce(base, a, date, mode) !== inForce(alt, b, date, mode)) return true;
  }
  return false;
}
