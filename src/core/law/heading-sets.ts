// Membership of a Chapter 99 heading in a heading set (law/heading-sets.yaml): on a date, or on any date.
import type { IsoDate } from '../time/date.js';
import type { HeadingSet } from './types.js';

/** The heading is in one of the set's ranges, on `date` when given (dated members), else on some date. */
export function inHeadingSet(set: HeadingSet, heading: string, date?: IsoDate): boolean {
  for (const m of set.members)
    if (
      heading >= m.first &&
      heading <= m.last &&
      (date === undefined || ((!m.from || date >= m.from) && (!m.to || date < m.to)))
    )
      return true;
  return false;
}
