// The U.S. notes to Chapter 99 as printed (usitc-ch99-notes/*.txt, the USITC's text of chapter 99): find one note
// subdivision, e.g. "37(b)" or "2(v)(iii)(b)" of subchapter III, and the HTS provisions it enumerates. Product lists
// of law/lists.yaml with `format: note` are read through here, so a scope is the note's text, not a compilation.

/** Thrown when a note or subdivision cannot be found, or its text does not give what the declaration expects. */
export class NoteTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteTextError';
  }
}

/** A reference to a note subdivision: "37(b)", "2(v)(iii)(b)", "38" (the whole note). */
export interface NoteRef {
  note: number;
  path: string[];
}

export function parseNoteRef(ref: string): NoteRef | null {
  const m = /^(\d{1,3})((?:\([a-z0-9]{1,6}\))*)$/.exec(ref.trim());
  if (!m) return null;
  const path = [...m[2]!.matchAll(/\(([a-z0-9]+)\)/g)].map((x) => x[1]!);
  return { note: Number(m[1]), path };
}

export function printNoteRef(r: NoteRef): string {
  return `${r.note}${r.path.map((p) => `(${p})`).join('')}`;
}

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv', 'xvi'];
const ROMAN_MORE = [
  'xvii',
  'xviii',
  'xix',
  'xx',
  'xxi',
  'xxii',
  'xxiii',
  'xxiv',
  'xxv',
  'xxvi',
  'xxvii',
  'xxviii',
  'xxix',
  'xxx',
];

/** The labels of one level in printed order: a..z, aa..zz, aaa..zzz (letters); i, ii, ... (roman); 1, 2, ... */
function sequenceOf(kind: 'letter' | 'roman' | 'digit'): string[] {
  if (kind === 'roman') return [...ROMAN, ...ROMAN_MORE];
  if (kind === 'digit') return Array.from({ length: 60 }, (_, i) => String(i + 1));
  const az = 'abcdefghijklmnopqrstuvwxyz'.split('');
  return [...az, ...az.map((c) => c + c), ...az.map((c) => c + c + c)];
}

/** Which numbering a path segment belongs to: letters at odd depths, roman numerals at even ones, digits as such. */
function kindAt(depth: number, label: string): 'letter' | 'roman' | 'digit' {
  if (/^\d+$/.test(label)) return 'digit';
  return depth % 2 === 0 ? 'letter' : 'roman';
}

const PAGE_TOP = /^\s*Harmonized Tariff Schedule of the United States/;
/** Lines of the running header after its first line: blank, "Annotated ...", "XXII", "99 - III - 358", "U.S. Notes (con.)". */
const PAGE_HEADER =
  /^\s*(?:$|Annotated for Statistical Reporting Purposes|XXII$|99\s*-\s*[IVX]+\s*-\s*\d+$|U\.S\. Notes \(con\.\)$)/;

/** The text without the running page headers (title, page number, "U.S. Notes (con.)"), as lines. */
function bodyLines(text: string): string[] {
  const out: string[] = [];
  let inHeader = false;
  for (const line of text.split(/\r?\n/)) {
    if (PAGE_TOP.test(line)) {
      inHeader = true;
      continue;
    }
    if (inHeader) {
      if (PAGE_HEADER.test(line)) continue;
      inHeader = false;
    }
    out.push(line);
  }
  return out;
}

const subchapterCache = new WeakMap<object, Map<string, string[][]>>();

/**
 * The notes of one subchapter ("III"), as arrays of lines indexed by note number (index 0 unused). A note starts
 * at a line "N." or "N. (a) ..." whose number follows the previous note's (deleted notes are printed too; numbered
 * items inside a note, e.g. the product descriptions "1. Other ..." of note 20, restart lower and are skipped).
 */
function notesOf(doc: NotesDocument, subchapter: string): string[][] {
  let bySub = subchapterCache.get(doc);
  if (!bySub) subchapterCache.set(doc, (bySub = new Map()));
  const hit = bySub.get(subchapter);
  if (hit) return hit;
  const lines = doc.lines;
  const head = new RegExp(`^\\s*SUBCHAPTER ${subchapter}\\s*$`);
  const start = lines.findIndex((l) => head.test(l));
  if (start < 0) throw new NoteTextError(`${doc.name}: subchapter ${subchapter} not found`);
  let end = lines.findIndex((l, i) => i > start && /^\s*\[?SUBCHAPTER [IVXL]+/.test(l));
  if (end < 0) end = lines.length;
  const notes: string[][] = [];
  let current = 0;
  for (let i = start + 1; i < end; i++) {
    const m = /^\s{0,3}(\d{1,3})\.(?:\s|$)/.exec(lines[i]!);
    if (m) {
      const n = Number(m[1]);
      if (n > current && n <= current + 6) {
        current = n;
        notes[n] = [lines[i]!.replace(/^\s*\d{1,3}\.\s*/, '')];
        continue;
      }
    }
    if (current > 0) notes[current]!.push(lines[i]!);
  }
  bySub.set(subchapter, notes);
  return notes;
}

/** A chapter 99 notes text read once (latin-1: the USITC text has single-byte dashes and accents). */
export interface NotesDocument {
  name: string;
  lines: string[];
}

export function notesDocument(name: string, text: string): NotesDocument {
  return { name, lines: bodyLines(text) };
}

/**
 * The lines of subdivision `path` within `lines`: from the line where its label opens (at the start of a line,
 * possibly after its parent's label, e.g. "(c) (i)  For ...") to the line where the next label of the same
 * numbering opens. Labels are matched in printed order, so "(i)" after "(h)" is the letter, and a roman "(i)" inside
 * (b) is not taken for the letter.
 */
function subdivision(lines: string[], path: string[], depth: number, where: string): string[] {
  if (!path.length) return lines;
  const label = path[0]!;
  const kind = kindAt(depth, label);
  const seq = sequenceOf(kind);
  const target = seq.indexOf(label);
  if (target < 0) throw new NoteTextError(`${where}: "(${label})" is not a subdivision label`);
  // Labels opening a line, after any labels of the parent levels on the same line.
  const opener = /^\s*((?:\([a-z0-9]{1,6}\)\s*)+)/;
  // Deleted subdivisions are not printed, so a label may skip ahead; a label that could be this level's or its
  // children's (roman "(v)" inside a letter subdivision) is the child's when it continues the child numbering.
  const childSeq = sequenceOf(kind === 'roman' ? 'letter' : 'roman');
  let next = 0;
  let childNext = 0;
  let from = -1;
  let to = lines.length;
  for (let i = 0; i < lines.length && to === lines.length; i++) {
    const m = opener.exec(lines[i]!);
    if (!m) continue;
    const labels = [...m[1]!.matchAll(/\(([a-z0-9]{1,6})\)/g)].map((x) => x[1]!);
    for (const l of labels) {
      const at = seq.indexOf(l);
      let mine = at === next;
      if (!mine && l === childSeq[childNext]) {
        childNext++;
        continue;
      }
      if (!mine && at > next && at <= next + 12) mine = true;
      if (!mine) continue;
      if (at === target) from = i;
      else if (at > target) {
        to = i;
        break;
      }
      next = at + 1;
      childNext = 0;
    }
  }
  if (from < 0) throw new NoteTextError(`${where}: subdivision (${label}) not found`);
  const own = lines.slice(from, to);
  // Drop this level's label (and its parents') from the first line so a child label there is seen.
  own[0] = own[0]!.replace(new RegExp(`^\\s*(?:\\([a-z0-9]{1,6}\\)\\s*)*?\\(${label}\\)\\s*`), '');
  return subdivision(own, path.slice(1), depth + 1, `${where}(${label})`);
}

/** The text of a note subdivision of subchapter `subchapter` (default III), with page headers removed. */
export function noteText(doc: NotesDocument, ref: NoteRef, subchapter = 'III'): string {
  const where = `${doc.name}: subchapter ${subchapter} note ${ref.note}`;
  const note = notesOf(doc, subchapter)[ref.note];
  if (!note) throw new NoteTextError(`${where}: note not found`);
  return subdivision(note, ref.path, 0, where).join('\n');
}

const PROVISION = /(?<![\d.])(\d{4})\.(\d{2})(?:\.(\d{2}(?:\d{2})?))?(?![\d])/g;

/**
 * The HTS provisions a subdivision enumerates, as digits in printed order: the codes after the first colon (the
 * lead-in names the headings the list is for, e.g. "The rates of duty set forth in heading 9903.76.01 apply to ...
 * listed in this subdivision:"), or all codes when there is no colon. Chapter 99 headings are never products.
 */
export function provisionsIn(text: string): string[] {
  const colon = text.indexOf(':');
  const body = colon >= 0 ? text.slice(colon + 1) : text;
  const out: string[] = [];
  for (const m of body.matchAll(PROVISION)) {
    const digits = `${m[1]}${m[2]}${m[3] ?? ''}`;
    if (digits.startsWith('99')) continue;
    out.push(digits);
  }
  return out;
}
