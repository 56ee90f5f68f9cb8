// Product scopes: HTS prefixes (4 to 10 digits), optionally dated, as named lists resolved from the sources.
// A line is in a list when one of its prefixes is, on the entry date (half-open windows).
import type { IsoDate } from '../time/date.js';

export interface ListEntryWindow {
  from?: IsoDate;
  /** Exclusive. */
  to?: IsoDate;
  /**
   * When the HTS first printed this window's start, if after `from` (a retroactive or same-day change): the
   * as-published reading puts the line on the list only from then.
   */
  published?: IsoDate;
}

export interface ProductList {
  /** Name used by law records, e.g. 'annex-ii' or 's301/9903.88.15'. */
  name: string;
  /** What the list is and where it comes from (file in the sources, and the legal text it reproduces). */
  citation: string;
  /** HTS prefix (digits only, 4-10) -> the windows in which it is on the list; an empty array means always. */
  entries: Map<string, ListEntryWindow[]>;
  /** The note subdivision the list reproduces, e.g. "U.S. note 50(a)(ii), HTS 2026 Rev 12". */
  note?: string;
  /**
   * Set for lists transcribed into law/lists/ from a secondary source (the printed note is not in the sources):
   * the source, named in quotes that consult the list.
   */
  transcribedFrom?: string;
  /** Not the law: a list only comparison scenarios may use (law/lists.yaml `comparisonOnly`). */
  comparisonOnly?: boolean;
}

const PREFIX_LENGTHS = [10, 8, 6, 4, 2] as const;

/** The prefixes of an HTS number a list can name, longest first (computed once per entry by callers in a loop). */
export function prefixesOf(hts: string): string[] {
  return PREFIX_LENGTHS.filter((n) => hts.length >= n).map((n) => hts.slice(0, n));
}

/**
 * The matching prefix of `hts10` on the list at `date`, or null. Longer prefixes are tried first. As published
 * (`asPublished`), a window whose start the HTS printed later counts from its publication.
 */
export function listMatch(
  list: ProductList,
  hts10: string,
  date: IsoDate,
  prefixes = prefixesOf(hts10),
  asPublished = false,
): string | null {
  for (const p of prefixes) {
    const w = list.entries.get(p);
    if (!w) continue;
    if (w.length === 0) return p;
    for (const x of w) {
      const from = asPublished && x.published ? x.published : x.from;
      if ((from === undefined || date >= from) && (x.to === undefined || date < x.to)) return p;
    }
  }
  return null;
}
