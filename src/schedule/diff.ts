// Differences between two revisions, on normalized rows (markup toggling is not a change): lines added, removed and
// re-rated; Chapter 99 headings added, removed, re-rated and re-worded (their scope lives in the description).
import { printHts } from '../core/hts/code.js';
import type { Line, Revision, Schedule } from './schedule.js';

export interface RateChange {
  hts: string;
  description: string;
  changes: { field: 'general' | 'special' | 'other'; from: string; to: string }[];
}

export interface HeadingChange {
  hts: string;
  description: string;
  general?: { from: string; to: string };
  special?: { from: string; to: string };
  descriptionChanged?: { from: string; to: string };
}

export interface RevisionDiff {
  from: { revision: string; published: string; effective: string };
  to: { revision: string; published: string; effective: string };
  lines: {
    added: { hts: string; description: string; general: string }[];
    removed: { hts: string; description: string; general: string }[];
    rerated: RateChange[];
    described: number;
  };
  chapter99: {
    added: { hts: string; general: string; description: string }[];
    removed: { hts: string; general: string; description: string }[];
    rerated: HeadingChange[];
    reworded: HeadingChange[];
  };
}

const isHeading = (code: string) => code.startsWith('99') && code.length === 8;

export function diffRevisions(schedule: Schedule, a: Revision, b: Revision): RevisionDiff {
  const d: RevisionDiff = {
    from: { revision: a.id, published: a.published, effective: a.effective },
    to: { revision: b.id, published: b.published, effective: b.effective },
    lines: { added: [], removed: [], rerated: [], described: 0 },
    chapter99: { added: [], removed: [], rerated: [], reworded: [] },
  };
  for (const code of schedule.allCodes()) {
    const pa = schedule.position(code, a);
    const pb = schedule.position(code, b);
    if (pa < 0 && pb < 0) continue;
    const heading = isHeading(code);
    if (!heading && code.length !== 10 && !(code.length === 8 && code.startsWith('98'))) continue;
    // Identical row content and identical rate source: nothing to report.
    if (pa >= 0 && pb >= 0 && sameContent(schedule, code, a, pa, b, pb)) continue;
    const la = pa >= 0 ? schedule.line(code, a) : null;
    const lb = pb >= 0 ? schedule.line(code, b) : null;
    if (heading) diffHeading(d, la, lb);
    else diffLine(d, la, lb);
  }
  return d;
}

/** Same row content and same rate-source content (10-digit lines inherit from their 8-digit row). */
function sameContent(s: Schedule, code: string, a: Revision, pa: number, b: Revision, pb: number): boolean {
  if (s.rowVersionId(a, pa) !== s.rowVersionId(b, pb)) return false;
  if (code.length !== 10) return true;
  const sa = s.rateSourcePosition(a, pa);
  const sb = s.rateSourcePosition(b, pb);
  if (sa < 0 || sb < 0) return sa === sb;
  return s.rowVersionId(a, sa) === s.rowVersionId(b, sb);
}

function brief(l: Line) {
  return { hts: l.hts, description: l.description, general: l.general };
}

function diffLine(d: RevisionDiff, la: Line | null, lb: Line | null): void {
  if (!la && lb) {
    if (lb.isLine) d.lines.added.push(brief(lb));
    return;
  }
  if (la && !lb) {
    if (la.isLine) d.lines.removed.push(brief(la));
    return;
  }
  if (!la || !lb) return;
  const changes: RateChange['changes'] = [];
  for (const field of ['general', 'special', 'other'] as const)
    if (la[field] !== lb[field]) changes.push({ field, from: la[field], to: lb[field] });
  if (changes.length) d.lines.rerated.push({ hts: lb.hts, description: lb.description, changes });
  if (la.description !== lb.description) d.lines.described++;
}

function diffHeading(d: RevisionDiff, la: Line | null, lb: Line | null): void {
  const short = (l: Line) => ({ hts: printHts(l.code), general: l.general, description: l.description });
  if (!la && lb) return void d.chapter99.added.push(short(lb));
  if (la && !lb) return void d.chapter99.removed.push(short(la));
  if (!la || !lb) return;
  const c: HeadingChange = { hts: lb.hts, description: lb.description };
  if (la.general !== lb.general) c.general = { from: la.general, to: lb.general };
  if (la.special !== lb.special) c.special = { from: la.special, to: lb.special };
  if (c.general || c.special) d.chapter99.rerated.push(c);
  else if (la.description !== lb.description)
    d.chapter99.reworded.push({ ...c, descriptionChanged: { from: la.description, to: lb.description } });
}
