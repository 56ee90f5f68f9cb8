// Named product lists: law/lists.yaml declares each list (which source file, which columns, which rows); the
// files themselves are read from the sources directory at run time, never copied into the repo.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ListEntryWindow, ProductList } from '../core/law/products.js';
import { addDays, isIsoDate, type IsoDate } from '../core/time/date.js';
import { parseChangeRecord } from '../schedule/revisions.js';
import { noteText, notesDocument, parseNoteRef, printNoteRef, provisionsIn, type NotesDocument } from './notes.js';

export const LISTS_FILE = 'lists.yaml';
/** Lists transcribed into the law (notes the sources do not print): law/lists/*.yaml, format in its README. */
export const TRANSCRIBED_DIR = 'lists';

const isoDate = z.string().refine(isIsoDate, { message: 'expected a date YYYY-MM-DD' });
const column = z.string().min(1);

/** Codes of a note's printed text that joined the list after its start (the change records date them). */
const Dated = z.strictObject({
  from: isoDate,
  codes: z.array(z.string().min(4)).min(1),
  /** The instrument and change record that add them. */
  source: z.string().min(1),
});

const sourceKeys = {
  source: z.string().min(1),
  format: z.enum(['csv', 'lines', 'note']),
  /**
   * The U.S. note subdivision the rows reproduce, e.g. "37(b)" or "2(v)(iii)" (subchapter III unless `subchapter`).
   * For format note, the subdivision whose enumerated provisions are the list.
   */
  note: z.string().optional(),
  subchapter: z
    .string()
    .regex(/^[IVXL]+$/)
    .optional(),
  dated: z.array(Dated).optional(),
  code: column.optional(),
  from: column.optional(),
  to: column.optional(),
  toInclusive: z.boolean().optional(),
  where: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  fixedFrom: isoDate.optional(),
  /** End date (exclusive) for rows without one: a list that a later text replaced. */
  fixedTo: isoDate.optional(),
};

const SourceSpec = z.strictObject(sourceKeys);
type SourceSpec = z.infer<typeof SourceSpec>;

const ListDecl = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9./_-]*$/, 'expected lower-case letters, digits and . / _ -'),
  title: z.string().min(1),
  citation: z.string().min(1),
  ...Object.fromEntries(Object.entries(sourceKeys).map(([k, v]) => [k, v.optional()])),
  parts: z.array(SourceSpec).min(1).optional(),
  /** Not the law: a list only comparison scenarios use (no note defines it; a law record naming it is an error). */
  comparisonOnly: z.literal(true).optional(),
  /** Distinct provisions the list must have (a format note list: the note's count). */
  expectCount: z.number().int().positive().optional(),
});

const ListsFile = z.array(ListDecl);

/** Thrown for a bad declaration or a source that does not give what its declaration says. */
export class ListsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListsError';
  }
}

function declError(file: string, name: string, key: string, msg: string): ListsError {
  return new ListsError(`${file}: list "${name}": ${key}: ${msg}`);
}

/** The source specs of a declaration: its `parts`, or the source keys given inline (exactly one of the two). */
function sourcesOf(decl: z.infer<typeof ListDecl>, file: string): SourceSpec[] {
  const inline = Object.fromEntries(
    Object.keys(sourceKeys).flatMap((k) => (k in decl ? [[k, (decl as Record<string, unknown>)[k]]] : [])),
  );
  const specs: SourceSpec[] = [];
  if (decl.parts) {
    const extra = Object.keys(inline).filter((k) => k !== 'note');
    if (extra.length) throw declError(file, decl.name, extra[0]!, 'not allowed next to `parts` (put it inside a part)');
    const note = (decl as { note?: string }).note;
    specs.push(...decl.parts.map((p) => (p.note || !note ? p : { ...p, note })));
  } else {
    const r = SourceSpec.safeParse(inline);
    if (!r.success) {
      const i = r.error.issues[0]!;
      throw declError(file, decl.name, i.path.join('.') || 'source', i.message);
    }
    specs.push(r.data);
  }
  specs.forEach((s, i) => {
    const key = decl.parts ? `parts[${i}].` : '';
    if (s.format === 'csv' && !s.code) throw declError(file, decl.name, `${key}code`, 'required for format csv');
    if (s.format === 'lines' && (s.code || s.from || s.to || s.where))
      throw declError(file, decl.name, `${key}format`, 'format lines has no columns (drop code/from/to/where)');
    if (s.toInclusive !== undefined && !s.to) throw declError(file, decl.name, `${key}toInclusive`, 'needs `to`');
    if (s.note !== undefined && !parseNoteRef(s.note))
      throw declError(
        file,
        decl.name,
        `${key}note`,
        `"${s.note}" is not a note subdivision such as 37(b) or 2(v)(iii)`,
      );
    if (s.format === 'note' && (s.code || s.from || s.to || s.where))
      throw declError(file, decl.name, `${key}format`, 'format note has no columns (drop code/from/to/where)');
    if (s.format === 'note' && !s.note) throw declError(file, decl.name, `${key}note`, 'required for format note');
    if (s.dated && s.format !== 'note')
      throw declError(file, decl.name, `${key}dated`, 'only for format note (csv rows carry their own dates)');
    if (!s.note && !decl.comparisonOnly)
      throw declError(
        file,
        decl.name,
        `${key}note`,
        'no note defines this list: name the U.S. note subdivision it reproduces (note: 37(b)), or mark the list comparisonOnly',
      );
    if (path.isAbsolute(s.source) || s.source.split(/[\\/]/).includes('..'))
      throw declError(file, decl.name, `${key}source`, 'must be a path inside the sources directory');
  });
  return specs;
}

/** RFC 4180 records; lines starting with '#' outside quotes are comments. CR LF and LF both end records. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let atRecordStart = true;
  while (i < n) {
    if (atRecordStart && text.charCodeAt(i) === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    atRecordStart = false;
    const c = text[i]!;
    if (c === '"' && field === '') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new ListsError('unterminated quoted field');
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      field = '';
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      atRecordStart = true;
    } else {
      // Plain run up to the next delimiter.
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 44 || d === 10 || d === 13) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
  }
  return rows;
}

const isEmpty = (v: string | undefined): boolean => v === undefined || v === '' || v === 'NA';

interface Table {
  header: string[];
  rows: string[][];
}

function readTable(abs: string, format: 'csv' | 'lines' | 'note', cache: Map<string, Table>): Table {
  const key = `${format}:${abs}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const text = readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
  let t: Table;
  if (format === 'lines') {
    const rows = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => [l]);
    t = { header: ['code'], rows };
  } else {
    const all = parseCsv(text);
    if (!all.length) throw new ListsError(`${abs}: no header row`);
    t = { header: all[0]!.map((h) => h.trim()), rows: all.slice(1) };
  }
  cache.set(key, t);
  return t;
}

/** Digits of an HTS code ("0801.21.00" -> "08012100"); null for an empty/NA cell. Throws for anything else. */
function normalizeCode(raw: string): string | null | undefined {
  const s = raw.trim();
  if (isEmpty(s)) return null;
  const d = s.replace(/[.\s]/g, '');
  if (!/^\d+$/.test(d) || d.length < 4 || d.length > 10 || d.length % 2 !== 0) return undefined;
  return d;
}

function addWindow(entries: Map<string, ListEntryWindow[]>, always: Set<string>, code: string, w: ListEntryWindow) {
  if (always.has(code)) return;
  if (w.from === undefined && w.to === undefined) {
    always.add(code);
    entries.set(code, []);
    return;
  }
  const ws = entries.get(code);
  if (!ws) entries.set(code, [w]);
  else if (!ws.some((x) => x.from === w.from && x.to === w.to)) ws.push(w);
}

const noteDocs = new Map<string, NotesDocument>();

/** The chapter 99 notes text at `abs`, read once per process (3.7 MB; several lists read it). */
function readNotes(abs: string, rel: string): NotesDocument {
  let d = noteDocs.get(abs);
  if (!d) {
    // Latin-1: the USITC text has single-byte dashes and accented letters.
    d = notesDocument(rel, readFileSync(abs, 'latin1'));
    noteDocs.set(abs, d);
  }
  return d;
}

/**
 * A list read from the text of the note subdivision that defines it: every provision the subdivision enumerates
 * is on the list from `fixedFrom` (to `fixedTo`), except the codes of `dated`, which joined later.
 */
function loadNotePart(
  name: string,
  spec: SourceSpec,
  sourcesDir: string,
  entries: Map<string, ListEntryWindow[]>,
  always: Set<string>,
): void {
  const where = `list "${name}", file ${spec.source}, note ${spec.note}`;
  const abs = path.join(sourcesDir, spec.source);
  let codes: string[];
  try {
    codes = provisionsIn(noteText(readNotes(abs, spec.source), parseNoteRef(spec.note!)!, spec.subchapter));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ListsError(`${where}: file not found (${abs})`);
    throw new ListsError(`${where}: ${(e as Error).message}`);
  }
  if (!codes.length) throw new ListsError(`${where}: the subdivision enumerates no HTS provisions`);
  const later = new Map<string, IsoDate>();
  for (const d of spec.dated ?? [])
    for (const raw of d.codes) {
      const c = normalizeCode(raw);
      if (!c) throw new ListsError(`${where}: dated: "${raw}" is not an HTS provision`);
      if (!codes.includes(c)) throw new ListsError(`${where}: dated: ${raw} is not in the note's text`);
      later.set(c, d.from as IsoDate);
    }
  for (const c of codes) {
    const from = later.get(c) ?? (spec.fixedFrom as IsoDate | undefined);
    const w: ListEntryWindow = {};
    if (from !== undefined) w.from = from;
    if (spec.fixedTo) w.to = spec.fixedTo as IsoDate;
    addWindow(entries, always, c, w);
  }
}

function loadPart(
  name: string,
  spec: SourceSpec,
  sourcesDir: string,
  cache: Map<string, Table>,
  entries: Map<string, ListEntryWindow[]>,
  always: Set<string>,
  onSkip: (message: string) => void,
): void {
  if (spec.format === 'note') return loadNotePart(name, spec, sourcesDir, entries, always);
  const abs = path.join(sourcesDir, spec.source);
  const where = `list "${name}", file ${spec.source}`;
  let table: Table;
  try {
    table = readTable(abs, spec.format, cache);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ListsError(`${where}: file not found (${abs})`);
    throw new ListsError(`${where}: ${(e as Error).message}`);
  }
  const col = (c: string | undefined, key: string): number => {
    if (c === undefined) return -1;
    const i = table.header.indexOf(c);
    if (i < 0) throw new ListsError(`${where}: ${key} column "${c}" not found (columns: ${table.header.join(', ')})`);
    return i;
  };
  const codeCol = spec.format === 'lines' ? 0 : col(spec.code, 'code');
  const fromCol = col(spec.from, 'from');
  const toCol = col(spec.to, 'to');
  const filters = Object.entries(spec.where ?? {}).map(([c, v]) => ({
    i: col(c, 'where'),
    values: new Set(Array.isArray(v) ? v : [v]),
  }));
  const date = (raw: string | undefined, key: string, line: number): IsoDate | undefined => {
    const s = raw?.trim();
    if (s === undefined || isEmpty(s)) return undefined;
    if (!isIsoDate(s)) throw new ListsError(`${where}: row ${line}: ${key} "${s}" is not a date YYYY-MM-DD`);
    return s;
  };
  table.rows.forEach((r, k) => {
    for (const f of filters) if (!f.values.has((r[f.i] ?? '').trim())) return;
    const line = k + (spec.format === 'csv' ? 2 : 1);
    const code = normalizeCode(r[codeCol] ?? '');
    if (code === null) return;
    if (code === undefined) {
      onSkip(`${where}: row ${line}: code "${r[codeCol]}" is not an HTS code of 4, 6, 8 or 10 digits; skipped`);
      return;
    }
    const from = date(fromCol >= 0 ? r[fromCol] : undefined, 'from', line) ?? (spec.fixedFrom as IsoDate | undefined);
    let to = date(toCol >= 0 ? r[toCol] : undefined, 'to', line);
    if (to !== undefined && spec.toInclusive) to = addDays(to, 1);
    if (to === undefined && spec.fixedTo) to = spec.fixedTo as IsoDate;
    if (from !== undefined && to !== undefined && to <= from) return; // empty window
    const w: ListEntryWindow = {};
    if (from !== undefined) w.from = from;
    if (to !== undefined) w.to = to;
    addWindow(entries, always, code, w);
  });
}

/**
 * Reads `<lawDir>/lists.yaml` and builds every declared list from the files of `sourcesDir`. Rows whose code is
 * not an HTS code (e.g. a 12-digit typo) are skipped and reported to `onSkip` (default: a warning on stderr).
 */
export function loadProductLists(
  lawDir: string,
  sourcesDir: string,
  onSkip: (message: string) => void = (m) => process.emitWarning(m, 'ProductListWarning'),
): Map<string, ProductList> {
  const file = path.join(lawDir, LISTS_FILE);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ListsError(`${file}: ${(e as Error).message}`);
  }
  const parsed = ListsFile.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const idx = typeof i.path[0] === 'number' ? i.path[0] : -1;
    const rawName = idx >= 0 && Array.isArray(raw) ? (raw[idx] as { name?: unknown } | null)?.name : undefined;
    const name = typeof rawName === 'string' ? rawName : `#${idx + 1}`;
    const key =
      i.code === 'unrecognized_keys'
        ? [...i.path.slice(1), ...i.keys].join('.')
        : i.path.slice(1).join('.') || '(list)';
    throw declError(file, name, key, i.message);
  }
  const out = new Map<string, ProductList>();
  const cache = new Map<string, Table>();
  let changeIndex: NoteChanges | null = null;
  const changes = (): NoteChanges => (changeIndex ??= noteChanges(sourcesDir));
  for (const decl of parsed.data) {
    if (out.has(decl.name)) throw declError(file, decl.name, 'name', 'declared twice');
    const specs = sourcesOf(decl, file);
    const entries = new Map<string, ListEntryWindow[]>();
    const always = new Set<string>();
    for (const s of specs) loadPart(decl.name, s, sourcesDir, cache, entries, always, onSkip);
    if (entries.size === 0)
      throw new ListsError(
        `list "${decl.name}", file ${specs.map((s) => s.source).join(' + ')}: no codes (check where/columns)`,
      );
    if (decl.expectCount !== undefined && entries.size !== decl.expectCount)
      throw declError(
        file,
        decl.name,
        'expectCount',
        `the list has ${entries.size} provisions, expected ${decl.expectCount}`,
      );
    const notes = [...new Set(specs.flatMap((s) => (s.note ? [s.note] : [])))];
    if (notes.length) publishWindows(entries, notes, changes());
    const fromText = specs.some((s) => s.format === 'note');
    out.set(decl.name, {
      name: decl.name,
      citation: decl.citation.trim(),
      entries,
      ...(notes.length
        ? {
            note: `U.S. note ${notes.join(', ')}${fromText ? `, read from ${[...new Set(specs.map((s) => s.source))].join(', ')}` : ''}`,
          }
        : {}),
      ...(decl.comparisonOnly ? { comparisonOnly: true } : {}),
    });
  }
  loadTranscribedLists(lawDir, out, onSkip);
  return out;
}

// ---- publication of list changes ----------------------------------------------------------------------------

/** Change-record items on U.S. notes: note path ("2(v)(iii)(b)") -> [legal effective date, publication date]. */
type NoteChanges = Map<string, { effective: IsoDate; published: IsoDate }[]>;

export const CHANGE_RECORDS_DIR = 'usitc-change-records';

/**
 * Every change record of the sources directory, reduced to the note subdivisions of subchapter III it added or
 * modified, each with its legal effective date and the record's publication date. Missing directory: no index
 * (lists then take effect on their legal dates in both readings).
 */
function noteChanges(sourcesDir: string): NoteChanges {
  const out: NoteChanges = new Map();
  const dir = path.join(sourcesDir, CHANGE_RECORDS_DIR);
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
    const cr = parseChangeRecord(readFileSync(path.join(dir, f), 'utf8'));
    if (!cr.published) continue;
    for (const it of cr.items) {
      const m = /^U\.S\. note (\d+(?:\([a-z0-9]+\))*)[^,]*, subch III/.exec(it.item);
      if (!m) continue;
      const key = m[1]!;
      const arr = out.get(key) ?? [];
      arr.push({ effective: it.effective, published: cr.published });
      out.set(key, arr);
    }
  }
  return out;
}

/**
 * Dates each window start of a note's list with its publication: the first change record that changed the note
 * subdivision (or a part or parent of it) with that legal effective date. The as-published reading puts the line
 * on the list from then (e.g. the agricultural products of 2(v)(iii)(b), in force 2025-11-13, printed 2025-11-17).
 */
function publishWindows(entries: Map<string, ListEntryWindow[]>, notes: string[], changes: NoteChanges): void {
  const refs = notes.map((n) => printNoteRef(parseNoteRef(n)!));
  const related = [...changes.entries()].filter(([k]) => refs.some((r) => k.startsWith(r) || r.startsWith(k)));
  const publishedOf = new Map<IsoDate, IsoDate | null>();
  const lookup = (from: IsoDate): IsoDate | null => {
    let p = publishedOf.get(from);
    if (p === undefined) {
      p = null;
      for (const [, items] of related)
        for (const it of items) if (it.effective === from && (p === null || it.published < p)) p = it.published;
      publishedOf.set(from, p);
    }
    return p;
  };
  for (const ws of entries.values())
    for (const w of ws) {
      if (!w.from) continue;
      const p = lookup(w.from);
      if (p && p > w.from) w.published = p;
    }
}

// ---- lists transcribed into law/lists/ -----------------------------------------------------------------------------

const codeToken = /^\d{4}(?:\.?\d{2}){0,3}$/;

const TranscribedVersion = z.strictObject({
  revision: z.string().min(1),
  from: isoDate,
  to: isoDate.optional(),
  expectCount: z.number().int().positive().optional(),
  codes: z.string(),
});

const TranscribedList = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9./_-]*$/, 'expected lower-case letters, digits and . / _ -'),
  title: z.string().min(1),
  note: z.union([z.string(), z.number()]).transform(String).optional(),
  /** The annex of the instrument that defines the list, for a list no note prints (e.g. an import prohibition). */
  annex: z.string().min(1).optional(),
  citation: z.string().min(1),
  transcribedFrom: z.string().min(1),
  checkedAgainst: z.string().optional(),
  expectCount: z.number().int().positive().optional(),
  remarks: z.array(z.string()).optional(),
  versions: z.array(TranscribedVersion).min(1),
});

const TranscribedFile = z.looseObject({ lists: z.array(TranscribedList).min(1) });

/** What a transcribed list says of itself, for checks (data-health, check-policy). */
export interface TranscribedInfo {
  file: string;
  name: string;
  versions: { revision: string; from: string; to?: string; count: number; expectCount?: number }[];
}

/**
 * Reads law/lists/*.yaml into lists (merged into `out`). Every version's codes must be HTS provisions; windows of
 * one list must not overlap. A count that differs from the note's count is reported to `onSkip`, not thrown: the
 * data-health test fails on it, the engine still answers.
 */
export function loadTranscribedLists(
  lawDir: string,
  out: Map<string, ProductList>,
  onSkip: (message: string) => void,
): TranscribedInfo[] {
  const dir = path.join(lawDir, TRANSCRIBED_DIR);
  if (!existsSync(dir)) return [];
  const infos: TranscribedInfo[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const rel = `${TRANSCRIBED_DIR}/${f}`;
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path.join(dir, f), 'utf8'));
    } catch (e) {
      throw new ListsError(`${rel}: not valid YAML: ${(e as Error).message}`);
    }
    const r = TranscribedFile.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0]!;
      const at = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      throw new ListsError(`${rel}: ${at.replace(/^\./, '') || '(file)'}: ${i.message}`);
    }
    for (const l of r.data.lists) {
      if (out.has(l.name)) throw new ListsError(`${rel}: list "${l.name}": name: declared twice`);
      if (!l.note && !l.annex)
        throw new ListsError(
          `${rel}: list "${l.name}": note: no note defines this list: name the note subdivision (note: 50(a)(ii)) or the instrument's annex (annex: ...)`,
        );
      const entries = new Map<string, ListEntryWindow[]>();
      const info: TranscribedInfo = { file: rel, name: l.name, versions: [] };
      const sorted = [...l.versions].sort((a, b) => (a.from < b.from ? -1 : 1));
      sorted.forEach((v, vi) => {
        const where = `${rel}: list "${l.name}": versions (from ${v.from})`;
        if (v.to !== undefined && v.to <= v.from) throw new ListsError(`${where}: to ${v.to} is not after from`);
        const next = sorted[vi + 1];
        if (next && (v.to === undefined || v.to > next.from))
          throw new ListsError(`${where}: overlaps the version from ${next.from}`);
        const seen = new Set<string>();
        for (const tok of v.codes.split(/\s+/).filter(Boolean)) {
          if (!codeToken.test(tok))
            throw new ListsError(`${where}: "${tok}" is not an HTS provision (4, 6, 8 or 10 digits, dots as printed)`);
          const digits = tok.replace(/\./g, '');
          if (seen.has(digits)) throw new ListsError(`${where}: ${tok} is listed twice`);
          seen.add(digits);
          const w: ListEntryWindow = { from: v.from as IsoDate, ...(v.to ? { to: v.to as IsoDate } : {}) };
          const ws = entries.get(digits);
          if (ws) ws.push(w);
          else entries.set(digits, [w]);
        }
        const expect = v.expectCount ?? l.expectCount;
        if (expect !== undefined && expect !== seen.size)
          onSkip(`${where}: ${seen.size} provisions, the note lists ${expect}`);
        info.versions.push({
          revision: v.revision,
          from: v.from,
          ...(v.to ? { to: v.to } : {}),
          count: seen.size,
          ...(expect !== undefined ? { expectCount: expect } : {}),
        });
      });
      out.set(l.name, {
        name: l.name,
        citation: l.citation.trim(),
        entries,
        note: l.note ? `U.S. note ${l.note}` : l.annex!,
        transcribedFrom: l.transcribedFrom.trim(),
      });
      infos.push(info);
    }
  }
  return infos;
}
