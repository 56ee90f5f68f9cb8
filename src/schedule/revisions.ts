// HTS revisions: ids as in the USITC file names (2025_basic, 2025_rev_1 ... 2026_rev_10), with the dates read from
// each revision's change record. The header of a change record names its publication date; its table gives the
// legal effective date of every item, which may lie before publication (retroactive) or after it (scheduled).
import { addDays, parseEnglishDate, type IsoDate } from '../core/time/date.js';
import { parseRevisionId } from '../core/hts/revision.js';

export interface ChangeItem {
  /** As written in the record: "9903.01.63", "U.S. note 2(v)(xiii)(10), subch III, ch 99", "0201.10.50". */
  item: string;
  /** "Added", "Modified (From 84% to 125%)", "Deleted", ... (first line only when the cell wraps). */
  nature: string;
  effective: IsoDate;
  source: string;
}

export interface ChangeRecord {
  /** The date in the record's header (the revision's publication date); null for a basic edition without one. */
  published: IsoDate | null;
  items: ChangeItem[];
}

const ROW =
  /^\s*(\S.*?)\s{2,}(\S.*?)\s{2,}((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})\s{2,}(\S.*?)\s*$/;

/** Parses the text of a change record (pdftotext -layout output). */
export function parseChangeRecord(text: string): ChangeRecord {
  const lines = text.split(/\r?\n/);
  let published: IsoDate | null = null;
  for (const line of lines.slice(0, 12)) {
    const t = line.trim();
    if (/^[A-Z][a-z]+\.? \d{1,2}, \d{4}$/.test(t)) {
      published = parseEnglishDate(t);
      break;
    }
  }
  const items: ChangeItem[] = [];
  let inTable = false;
  for (const line of lines) {
    if (/Item changed\s+Nature of change/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    const m = ROW.exec(line);
    if (!m) continue;
    const effective = parseEnglishDate(m[3]!);
    if (!effective) continue;
    // The 2025 basic record has a fifth column (Edition); keep the source cell only.
    const source = m[4]!.split(/\s{2,}/)[0]!;
    items.push({ item: m[1]!.trim(), nature: m[2]!.trim(), effective, source });
  }
  return { published, items };
}

export interface RevisionDates {
  published: IsoDate;
  /** From this date the revision describes the law: see `effectiveDates`. */
  effective: IsoDate;
  /** Where the publication date comes from. */
  dateSource: string;
}

/**
 * The effective date of each revision: from this date its content describes the law in force. A revision's items
 * carry legal effective dates; those on or before its predecessor's publication are catch-up or retroactive items and
 * do not move the revision back in time (the `legal` reading handles them through the measure records, the
 * `as-published` reading through publication dates). Of the remaining dates, the latest one up to the publication
 * date is taken (so no item shows before it is in force); when every item is scheduled after publication (e.g. Geneva,
 * published 2025-05-13 for 2025-05-14), the earliest scheduled date within 45 days; else the publication date.
 * Never earlier than the predecessor's effective date, so the sequence is ordered.
 */
export function effectiveDates(
  revisions: { id: string; published: IsoDate; items: readonly ChangeItem[] }[],
): Map<string, IsoDate> {
  const out = new Map<string, IsoDate>();
  let prevPublished: IsoDate | null = null;
  let prevEffective: IsoDate | null = null;
  for (const r of revisions) {
    const basic = parseRevisionId(r.id)?.number === 0;
    let eff: IsoDate = r.published;
    if (!basic && prevPublished) {
      const after = r.items.map((i) => i.effective).filter((d) => d > prevPublished!);
      const upTo = after.filter((d) => d <= r.published).sort();
      const scheduled = after.filter((d) => d > r.published && d <= addDays(r.published, 45)).sort();
      if (upTo.length) eff = upTo[upTo.length - 1]!;
      else if (scheduled.length) eff = scheduled[0]!;
    }
    if (prevEffective && eff < prevEffective) eff = prevEffective;
    out.set(r.id, eff);
    prevPublished = r.published;
    prevEffective = eff;
  }
  return out;
}
