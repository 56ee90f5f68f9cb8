// HTS revision ids as in the USITC file names: 2025_basic, 2025_rev_1 ... 2026_rev_10.
// Ordered by year, the basic edition first, then revision number (numerically: rev_10 after rev_9).

export interface RevisionId {
  id: string;
  year: number;
  /** 0 for the basic edition. */
  number: number;
}

export function parseRevisionId(id: string): RevisionId | null {
  const m = /^(\d{4})_(basic|rev_(\d+))$/.exec(id);
  if (!m) return null;
  return { id, year: Number(m[1]), number: m[2] === 'basic' ? 0 : Number(m[3]) };
}

/** Sort order of revision ids; malformed ids sort last, by text. */
export function compareRevisionIds(a: string, b: string): number {
  const x = parseRevisionId(a);
  const y = parseRevisionId(b);
  if (!x || !y) return (x ? -1 : y ? 1 : 0) || a.localeCompare(b);
  return x.year - y.year || x.number - y.number;
}

/** 'hts_2025_rev_9.json.gz' -> '2025_rev_9'. */
export function revisionIdFromHtsFile(name: string): string | null {
  const m = /^hts_(\d{4}_(?:basic|rev_\d+))\.json(?:\.gz)?$/.exec(name);
  return m ? m[1]! : null;
}

/** '2025HTSRev9_change_record.txt' -> '2025_rev_9'. */
export function revisionIdFromChangeRecord(name: string): string | null {
  const m = /^(\d{4})HTS(Basic|Rev(\d+))_change_record\.txt$/.exec(name);
  if (!m) return null;
  return m[2] === 'Basic' ? `${m[1]}_basic` : `${m[1]}_rev_${m[3]}`;
}

/** USITC release name: '2025HTSRev9', '2026HTSBasic'. */
export function usitcRelease(id: string): string {
  const r = parseRevisionId(id);
  if (!r) throw new Error(`not an HTS revision id: ${id}`);
  return `${r.year}HTS${r.number === 0 ? 'Basic' : `Rev${r.number}`}`;
}

export function changeRecordFileFor(id: string): string {
  return `${usitcRelease(id)}_change_record.txt`;
}
