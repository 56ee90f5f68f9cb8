// Every country of origin ranked by the duty on one product entered on one date: for sourcing decisions. Countries
// with the same treatment are grouped; each group lists the components that make its total.
import { quote, type Quote } from '../core/evaluate/quote.js';
import type { Entry, ScheduleView } from '../core/evaluate/entry.js';
import type { Law } from '../core/law/types.js';

export interface OriginRow {
  rank: number;
  /** Countries with exactly this treatment (same components, rates and headings). */
  countries: { code: string; name: string }[];
  totalAdValorem: number | null;
  totalDuty: string | null;
  components: { authority: string; heading: string | null; adValorem: number | null; rateText: string }[];
}

export interface OriginComparison {
  hts: string;
  date: string;
  revision: string;
  description: string;
  rows: OriginRow[];
  notes: string[];
}

/** Ranks every country of the country table by total ad valorem rate (lowest first), grouping equal treatments. */
export function compareOrigins(
  schedule: ScheduleView,
  law: Law,
  base: Omit<Entry, 'country'>,
  countries: string[] = [...law.countries.countries.keys()].filter((c) => c !== 'US'),
): OriginComparison {
  const groups = new Map<string, OriginRow>();
  let first: Quote | null = null;
  const notes = new Set<string>();
  const awaitingHeadings = new Set<string>();
  let lastRevision = '';
  for (const code of countries) {
    const q = quote(schedule, law, { ...base, country: code }, { trace: false });
    if (q.kind === 'prohibited') {
      const name = law.countries.countries.get(code)?.name ?? code;
      notes.add(`goods of ${name} (${code}) may not be entered: ${q.prohibition.title} (${q.prohibition.citation})`);
      continue;
    }
    if (q.kind !== 'quote') continue;
    first ??= q;
    for (const n of q.notes) {
      if (/^not modelled/.test(n)) continue;
      // One note for every heading the sources' HTS does not print yet, not one per country.
      const awaiting = /^(99\d\d\.\d\d\.\d\d) is not yet in the sources' HTS \(the last revision is ([^)]+)\)/.exec(n);
      if (awaiting) {
        awaitingHeadings.add(awaiting[1]!);
        lastRevision = awaiting[2]!;
      } else notes.add(n);
    }
    const components = q.components.map((c) => ({
      authority: c.authority,
      heading: c.heading,
      adValorem: c.adValorem,
      rateText: c.rateText,
    }));
    const key = JSON.stringify([q.totalAdValorem, q.totalDuty, components]);
    const country = { code, name: law.countries.countries.get(code)?.name ?? code };
    const g = groups.get(key);
    if (g) g.countries.push(country);
    else
      groups.set(key, {
        rank: 0,
        countries: [country],
        totalAdValorem: q.totalAdValorem,
        totalDuty: q.totalDuty,
        components,
      });
  }
  const rows = [...groups.values()].sort(
    (a, b) =>
      (a.totalAdValorem ?? Infinity) - (b.totalAdValorem ?? Infinity) || a.countries.length - b.countries.length,
  );
  let rank = 0;
  let prev: number | null | undefined;
  rows.forEach((r, i) => {
    if (r.totalAdValorem !== prev) rank = i + 1;
    prev = r.totalAdValorem;
    r.rank = rank;
  });
  return {
    hts: first?.line.hts ?? base.hts,
    date: base.date,
    revision: first?.revision ?? '',
    description: first?.line.description ?? '',
    rows,
    notes: [
      ...notes,
      ...(awaitingHeadings.size
        ? [
            `headings not yet in the sources' HTS (the last revision is ${lastRevision}), reported as their instruments provide: ${[...awaitingHeadings].sort().join(', ')}`,
          ]
        : []),
    ],
  };
}
