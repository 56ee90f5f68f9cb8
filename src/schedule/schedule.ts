// The Schedule: every HTS revision of the sources, loaded from the compiled index. Lookups are by HTS digits and
// revision; rows are decoded on demand from typed arrays, so loading costs a file read and a few JSON sections.
import { InputError } from '../core/errors.js';
import { HTS_ACCEPTED, printHts, usitcForm } from '../core/hts/code.js';
import { type IsoDate } from '../core/time/date.js';
import { readIndexFile, type LoadedIndexFile } from './index-file.js';
import { FOOTNOTE_COLUMNS, type IndexHeader, type RevisionMeta } from './build.js';
import type { ChangeItem } from './revisions.js';
import { chapter99Refs, type Footnote, type Row } from './normalize.js';

export interface Revision extends RevisionMeta {
  index: number;
}

export type DateBasis = 'effective' | 'published';

export interface PathStep {
  /** Digits, or '' for an unnumbered header row. */
  code: string;
  description: string;
}

/** A numbered row of one revision with what it inherits: its rate source, path, footnotes, Chapter 99 references. */
export interface Line {
  code: string;
  hts: string;
  revision: string;
  indent: number;
  description: string;
  path: PathStep[];
  units: string[];
  general: string;
  special: string;
  other: string;
  additionalDuties: string;
  /** The row the rates come from: itself, or its 8-digit legal line (hts-data.md §2c); null when none carries a rate. */
  rateSource: string | null;
  footnotes: Footnote[];
  chapter99: string[];
  /** True for 10-digit statistical lines and for 8-digit rows without 10-digit children. */
  isLine: boolean;
}

export interface FieldChange {
  revision: string;
  field: 'general' | 'special' | 'other' | 'description' | 'units' | 'chapter99' | 'added' | 'removed';
  from: string | null;
  to: string | null;
}

export class Schedule {
  readonly key: string;
  readonly built: string;
  readonly revisions: readonly Revision[];
  readonly bytes: number;
  private readonly strings: string[];
  private readonly codes: string[];
  private readonly nRev: number;
  private readonly f: LoadedIndexFile;
  private readonly a: Record<string, Int32Array>;
  private changeItemsCache: ChangeItem[][] | null = null;

  constructor(file: LoadedIndexFile) {
    this.f = file;
    const header = file.header as IndexHeader;
    this.key = header.key;
    this.built = header.built;
    this.bytes = file.bytes;
    this.revisions = header.revisions.map((r, index) => ({ ...r, index }));
    this.nRev = this.revisions.length;
    this.strings = file.json<string[]>('strings');
    this.codes = file.json<string[]>('codes');
    const names = [
      'rvCode',
      'rvIndent',
      'rvDesc',
      'rvFlags',
      'rvGeneral',
      'rvSpecial',
      'rvOther',
      'rvAddl',
      'rvUnitsStart',
      'unitsList',
      'rvFootStart',
      'footCols',
      'footValue',
      'footType',
      'revRowStart',
      'revRows',
      'revParent',
      'codePos',
    ];
    this.a = Object.fromEntries(names.map((n) => [n, file.i32(n)]));
  }

  static open(path: string): Schedule | null {
    const f = readIndexFile(path);
    return f ? new Schedule(f) : null;
  }

  // ---- revisions ----------------------------------------------------------------------------------------------

  get first(): Revision {
    return this.revisions[0]!;
  }

  get latest(): Revision {
    return this.revisions[this.nRev - 1]!;
  }

  revision(id: string): Revision {
    const r = this.revisions.find((x) => x.id === id);
    if (!r)
      throw new InputError(
        'revision',
        id,
        `revision "${id}" is not in the sources`,
        `one of ${this.first.id} ... ${this.latest.id} (see \`tariff sources\`)`,
        this.revisions
          .map((x) => x.id)
          .filter((x) => x.startsWith(id.slice(0, 4)))
          .slice(-5),
      );
    return r;
  }

  /**
   * The revision in force on a date: by `effective` date (the law as the revision describes it; default), or by
   * `published` date (what the HTS said on that day). Dates before the first revision are an error naming the range;
   * dates after the last revision are answered from the last one (callers warn that the data ends there).
   */
  revisionAt(date: IsoDate, basis: DateBasis = 'effective'): Revision {
    if (date < this.first[basis])
      throw new InputError(
        'date',
        date,
        `date ${date} is before the first revision in the sources (${this.first.id}, ${basis} ${this.first[basis]})`,
        `a date from ${this.first[basis]} on; the sources end with ${this.latest.id} (${basis} ${this.latest[basis]})`,
      );
    let found = this.first;
    for (const r of this.revisions) if (r[basis] <= date) found = r;
    return found;
  }

  /** Publication date of the first revision that carries a code (e.g. a Chapter 99 heading), or null. */
  firstPublished(digits: string): IsoDate | null {
    for (const r of this.revisions) if (this.position(digits, r) >= 0) return r.published;
    return null;
  }

  changeItems(revision: Revision): ChangeItem[] {
    this.changeItemsCache ??= this.f.json<ChangeItem[][]>('changeItems');
    return this.changeItemsCache[revision.index] ?? [];
  }

  // ---- codes and rows -----------------------------------------------------------------------------------------

  /** Index of a code (digits) in the sorted code table, or -1. */
  codeIndex(digits: string): number {
    let lo = 0;
    let hi = this.codes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.codes[mid]!;
      if (c === digits) return mid;
      if (c < digits) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Position of a code's row in a revision, or -1 when the code does not exist in it. */
  position(digits: string, rev: Revision): number {
    const ci = this.codeIndex(digits);
    return ci < 0 ? -1 : this.a.codePos![ci * this.nRev + rev.index]!;
  }

  /** All codes that exist in a revision, in HTS order (sorted digits). */
  *codesIn(rev: Revision): Generator<string> {
    const cp = this.a.codePos!;
    for (let i = 0; i < this.codes.length; i++) if (cp[i * this.nRev + rev.index]! >= 0) yield this.codes[i]!;
  }

  /** Every code of every revision, sorted. */
  allCodes(): readonly string[] {
    return this.codes;
  }

  rowCount(rev: Revision): number {
    return this.a.revRowStart![rev.index + 1]! - this.a.revRowStart![rev.index]!;
  }

  private rowVersion(rev: Revision, pos: number): number {
    return this.a.revRows![this.a.revRowStart![rev.index]! + pos]!;
  }

  /** Identity of a row's content: equal ids mean identical normalized rows (used by diffs and histories). */
  rowVersionId(rev: Revision, pos: number): number {
    return this.rowVersion(rev, pos);
  }

  parentPosition(rev: Revision, pos: number): number {
    return this.a.revParent![this.a.revRowStart![rev.index]! + pos]!;
  }

  row(rev: Revision, pos: number): Row {
    const v = this.rowVersion(rev, pos);
    const a = this.a;
    const s = this.strings;
    const code = a.rvCode![v]!;
    const units: string[] = [];
    for (let i = a.rvUnitsStart![v]!; i < a.rvUnitsStart![v + 1]!; i++) units.push(s[a.unitsList![i]!]!);
    const footnotes: Footnote[] = [];
    for (let i = a.rvFootStart![v]!; i < a.rvFootStart![v + 1]!; i++) {
      const mask = a.footCols![i]!;
      footnotes.push({
        columns: FOOTNOTE_COLUMNS.filter((_, b) => mask & (1 << b)),
        value: s[a.footValue![i]!]!,
        type: s[a.footType![i]!]!,
      });
    }
    return {
      code: code < 0 ? '' : s[code]!,
      indent: a.rvIndent![v]!,
      description: s[a.rvDesc![v]!]!,
      superior: a.rvFlags![v]! === 1,
      units,
      general: s[a.rvGeneral![v]!]!,
      special: s[a.rvSpecial![v]!]!,
      other: s[a.rvOther![v]!]!,
      footnotes,
      additionalDuties: s[a.rvAddl![v]!]!,
    };
  }

  /** Cheap field access without decoding the whole row. */
  private generalOf(rev: Revision, pos: number): string {
    return this.strings[this.a.rvGeneral![this.rowVersion(rev, pos)]!]!;
  }

  descriptionOf(rev: Revision, pos: number): string {
    return this.strings[this.a.rvDesc![this.rowVersion(rev, pos)]!]!;
  }

  codeAt(rev: Revision, pos: number): string {
    const c = this.a.rvCode![this.rowVersion(rev, pos)]!;
    return c < 0 ? '' : this.strings[c]!;
  }

  path(rev: Revision, pos: number): PathStep[] {
    const steps: PathStep[] = [];
    for (let p = pos; p >= 0; p = this.parentPosition(rev, p))
      steps.push({ code: this.codeAt(rev, p), description: this.descriptionOf(rev, p) });
    return steps.reverse();
  }

  /**
   * Where a row's rates come from (hts-data.md §2c): the row itself when it carries a general rate, else its 8-digit
   * legal line. Returns the position of the source row, or -1.
   */
  rateSourcePosition(rev: Revision, pos: number): number {
    if (this.generalOf(rev, pos) !== '') return pos;
    const code = this.codeAt(rev, pos);
    if (code.length === 10) {
      const p8 = this.position(code.slice(0, 8), rev);
      if (p8 >= 0 && this.generalOf(rev, p8) !== '') return p8;
    }
    return -1;
  }

  /** True for 10-digit rows, and for 8-digit rows with no 10-digit row under them (ch 98/99 legal lines). */
  isLine(code: string, rev: Revision): boolean {
    if (code.length === 10) return true;
    if (code.length !== 8) return false;
    // Codes are sorted: the 10-digit children of an 8-digit row follow it (some may be absent from this revision).
    for (let i = this.codeIndex(code) + 1; i < this.codes.length && this.codes[i]!.startsWith(code); i++)
      if (this.a.codePos![i * this.nRev + rev.index]! >= 0) return false;
    return true;
  }

  // Decoded lines, by revision and code: a batch asks for the same lines again and again. Lines are immutable.
  private readonly lineCache = new Map<string, Line | null>();

  line(digits: string, rev: Revision): Line | null {
    const key = `${rev.index}:${digits}`;
    const cached = this.lineCache.get(key);
    if (cached !== undefined) return cached;
    const l = this.decodeLine(digits, rev);
    if (this.lineCache.size >= 20_000) this.lineCache.clear();
    this.lineCache.set(key, l);
    return l;
  }

  private decodeLine(digits: string, rev: Revision): Line | null {
    const pos = this.position(digits, rev);
    if (pos < 0) {
      // An 8-digit line without statistical suffixes is declared with 10 digits, ending in 00 (9101.11.4000).
      const leaf = digits.slice(0, 8);
      if (digits.length === 10 && digits.endsWith('00') && this.position(leaf, rev) >= 0 && this.isLine(leaf, rev))
        return this.decodeLine(leaf, rev);
      return null;
    }
    const row = this.row(rev, pos);
    const srcPos = this.rateSourcePosition(rev, pos);
    const src = srcPos >= 0 ? (srcPos === pos ? row : this.row(rev, srcPos)) : null;
    const footnotes = [...row.footnotes];
    if (src && src !== row) footnotes.push(...src.footnotes);
    return {
      code: row.code,
      hts: printHts(row.code),
      revision: rev.id,
      indent: row.indent,
      description: row.description,
      path: this.path(rev, pos),
      units: row.units.length ? row.units : (src?.units ?? []),
      general: src?.general ?? '',
      special: src?.special ?? row.special,
      // Statistical override: 9006.59.15.20 prints its own column-2 rate (hts-data.md §2c).
      other: row.other !== '' ? row.other : (src?.other ?? ''),
      additionalDuties: row.additionalDuties || src?.additionalDuties || '',
      rateSource: src ? src.code : null,
      footnotes,
      chapter99: chapter99Refs(footnotes),
      isLine: this.isLine(row.code, rev),
    };
  }

  /** The line, or an InputError naming the code, the revision and the nearest existing codes. */
  requireLine(digits: string, rev: Revision, field = 'hts'): Line {
    const l = this.line(digits, rev);
    if (l) return l;
    const elsewhere = this.revisions.filter((r) => this.position(digits, r) >= 0).map((r) => r.id);
    const where = elsewhere.length
      ? `; it exists in ${elsewhere.length === 1 ? elsewhere[0] : `${elsewhere[0]} ... ${elsewhere[elsewhere.length - 1]}`}`
      : '';
    throw new InputError(
      field,
      usitcForm(digits),
      `HTS ${printHts(digits)} does not exist in ${rev.id}${where}`,
      HTS_ACCEPTED,
      this.suggest(digits, rev),
    );
  }

  /** Direct numbered children of a code (skipping unnumbered header rows), in order. */
  children(digits: string, rev: Revision): string[] {
    const out: string[] = [];
    const ci = this.codeIndex(digits);
    if (ci < 0) return out;
    for (let i = ci + 1; i < this.codes.length && this.codes[i]!.startsWith(digits); i++) {
      const c = this.codes[i]!;
      if (this.a.codePos![i * this.nRev + rev.index]! < 0) continue;
      out.push(c);
    }
    return out;
  }

  /**
   * The existing codes nearest to one that does not exist: the longest common prefix first, then numeric distance.
   */
  suggest(digits: string, rev: Revision, n = 5): string[] {
    // Codes are sorted: the nearest ones sit around the place the code would take; look at a window around it.
    let lo = 0;
    let hi = this.codes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.codes[mid]! < digits) lo = mid + 1;
      else hi = mid;
    }
    const scored: { code: string; prefix: number; dist: number }[] = [];
    const target = Number(digits.padEnd(10, '0'));
    for (let i = Math.max(0, lo - 400); i < Math.min(this.codes.length, lo + 400); i++) {
      const c = this.codes[i]!;
      if (c.length !== digits.length && !(digits.length === 10 && c.length === 8)) continue;
      if (this.a.codePos![i * this.nRev + rev.index]! < 0) continue;
      let p = 0;
      while (p < c.length && p < digits.length && c[p] === digits[p]) p++;
      if (p < 2) continue;
      scored.push({ code: c, prefix: p, dist: Math.abs(Number(c.padEnd(10, '0')) - target) });
    }
    scored.sort((x, y) => y.prefix - x.prefix || x.dist - y.dist);
    return scored.slice(0, n).map((s) => printHts(s.code));
  }

  /** How a line changed across all revisions: rates, description, units, Chapter 99 references; when it came and went. */
  history(digits: string): FieldChange[] {
    const out: FieldChange[] = [];
    let prev: Line | null = null;
    let seen = false;
    for (const rev of this.revisions) {
      const cur = this.line(digits, rev);
      if (!cur) {
        if (prev) out.push({ revision: rev.id, field: 'removed', from: printHts(digits), to: null });
        prev = null;
        continue;
      }
      if (!prev) {
        if (seen || rev.index > 0) out.push({ revision: rev.id, field: 'added', from: null, to: printHts(digits) });
      } else {
        for (const field of ['general', 'special', 'other', 'description'] as const)
          if (prev[field] !== cur[field]) out.push({ revision: rev.id, field, from: prev[field], to: cur[field] });
        if (prev.units.join(', ') !== cur.units.join(', '))
          out.push({ revision: rev.id, field: 'units', from: prev.units.join(', '), to: cur.units.join(', ') });
        if (prev.chapter99.join(' ') !== cur.chapter99.join(' '))
          out.push({
            revision: rev.id,
            field: 'chapter99',
            from: prev.chapter99.join(' '),
            to: cur.chapter99.join(' '),
          });
      }
      seen = true;
      prev = cur;
    }
    return out;
  }
}
