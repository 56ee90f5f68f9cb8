// Parser for USITC HTS rate text (grammar: shared/spec/hts-data.md §3c, special column §4).
// parseRate reads the text of any column: a text with program lists ("$1.034/kg + 17% (S+)", "Free (A+,AU,BH)
// 2.7% (JP)") is a `special` rate whose groups pair each rate with its programs. parseRate and parseSpecial never
// throw: text that is no formula becomes `reference` (legal text that names a rate: "The rate applicable to ...",
// "A duty upon ...", "See additional U.S. note 1") or `text` (anything else, e.g. "abc"); a cell holding only a stray
// mark (":") is an empty cell. tryParseRate is the strict entry point for user input: it fails on empty text and on
// `text`.
import { D } from '../../money/money.js';
import type {
  AdValorem,
  Applicable,
  Compound,
  RateExpr,
  SlidingScale,
  Special,
  SpecialColumn,
  SpecialGroup,
  Specific,
  Term,
  UnitId,
} from './ast.js';

// ---------------------------------------------------------------------------------------------- normalization

// Line-break hyphens left by the PDF-to-JSON conversion ("thou- sand", "appli- cable", "sub- chapter") are joined.
// The only real hyphenated word broken this way is "internal- revenue", which keeps its hyphen.
const LINE_BREAK_HYPHEN = /([a-z]+)- (?=[a-z])/g;
const KEEP_HYPHEN = new Set(['internal']);
// Words run together or misspelled in the source, repaired to the intended text.
const RUN_TOGETHER: [RegExp, string][] = [
  [/\binthe\b/g, 'in the'],
  [/\bthebattery\b/g, 'the battery'],
  [/\bweght\b/g, 'weight'],
  [/\boralterations\b/g, 'or alterations'],
  [/\b(m[23])of\b/g, '$1 of'],
];

function normalizeOnce(raw: string): string {
  let s = raw.replace(/<[^>]*>/g, '');
  s = s.replace(/\s+/g, ' ').trim();
  s = s.replace(LINE_BREAK_HYPHEN, (_m, word: string) => (KEEP_HYPHEN.has(word) ? `${word}-` : word));
  for (const [re, to] of RUN_TOGETHER) s = s.replace(re, to);
  return s;
}

/** Strip tags (`m<sup>2</sup>` → `m2`), turn newlines into spaces, collapse whitespace, trim, repair line-break
 *  hyphens and known run-together words. Idempotent. */
export function normalizeRateText(raw: string): string {
  let s = String(raw ?? '');
  for (let i = 0; i < 8; i++) {
    const next = normalizeOnce(s);
    if (next === s) return s;
    s = next;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------- terms

const NUM = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const PCT = String.raw`${NUM}(?: \d+/\d+)?`;

// Unit spellings, longest first; each maps to one UnitId.
const UNIT_SPELLINGS: [RegExp, UnitId][] = [
  [/^clean kg/, 'clean kg'],
  [/^kg/, 'kg'],
  [/^pf\. ?liter/, 'pf.liter'],
  [/^liter/, 'liter'],
  [/^doz\./, 'doz.'],
  [/^line\/ ?gross/, 'line/gross'],
  [/^gross/, 'gross'],
  [/^1,?000 pins/, '1000 pins'],
  [/^1,?000/, '1000'],
  [/^thousand/, 'thousand'],
  [/^pr\./, 'pr.'],
  [/^head/, 'head'],
  [/^bbl/, 'bbl'],
  [/^lin\. m/, 'lin. m'],
  [/^m2/, 'm2'],
  [/^m3/, 'm3'],
  [/^m/, 'm'],
  [/^t/, 't'],
  [/^g/, 'g'],
  [/^pack/, 'pack'],
  [/^article/, 'article'],
  [/^jewel over 7/, 'jewel over 7'],
  [/^jewel/, 'jewel'],
];

function stripCommas(s: string): string {
  return s.replace(/,/g, '');
}

/** Dollars as exact decimal text without exponent. */
function toDollars(n: string, currency: 'cents' | 'dollars'): string {
  const d = new D(stripCommas(n));
  return (currency === 'cents' ? d.div(100) : d).toFixed();
}

/** A qualifier after a term: " on drained weight", " of total sugars", ", including weight of container". */
function parseBasis(rest: string): { ok: true; basis?: string } | { ok: false } {
  if (rest === '') return { ok: true };
  const m = /^(?:, ?| )((?:on|of|including) \S.*)$/.exec(rest);
  if (!m) return { ok: false };
  return { ok: true, basis: m[1]! };
}

function parseTerm(t: string): Term | null {
  let m = new RegExp(`^(${PCT}) ?%(.*)$`).exec(t);
  if (m) {
    const rest = m[2]!;
    const node: AdValorem = { kind: 'adValorem', percent: stripCommas(m[1]!) };
    if (/^ ?\/$/.test(rest)) return node; // "37% /": a stray slash after the percentage
    const b = parseBasis(rest);
    if (!b.ok) return null;
    if (b.basis !== undefined) node.basis = b.basis;
    return node;
  }
  let currency: 'cents' | 'dollars';
  let amount: string;
  let rest: string;
  if ((m = new RegExp(`^(${NUM}) ?¢(.*)$`).exec(t))) {
    currency = 'cents';
    amount = m[1]!;
    rest = m[2]!;
  } else if ((m = new RegExp(`^\\$ ?(${NUM})(.*)$`).exec(t))) {
    currency = 'dollars';
    amount = m[1]!;
    rest = m[2]!;
  } else return null;
  let unit: UnitId | undefined;
  let after = '';
  const slash = /^ ?\/ ?(.*)$/.exec(rest);
  if (slash) {
    const u = slash[1]!;
    for (const [re, id] of UNIT_SPELLINGS) {
      const um = re.exec(u);
      if (um && (u.length === um[0].length || /^[ ,]/.test(u.slice(um[0].length)))) {
        unit = id;
        after = u.slice(um[0].length);
        break;
      }
    }
  } else if ((m = /^ for each other piece or part(.*)$/.exec(rest))) {
    unit = 'piece';
    after = m[1]!;
  } else if ((m = /^ each(.*)$/.exec(rest))) {
    unit = 'each';
    after = m[1]!;
  }
  if (!unit) return null;
  const b = parseBasis(after);
  if (!b.ok) return null;
  const node: Specific = { kind: 'specific', amount: toDollars(amount, currency), currency, unit };
  if (b.basis !== undefined) node.basis = b.basis;
  return node;
}

const CAP = /^(.*?), (but if .* shall not exceed .*)$/;

function parseCompound(s: string): Term | Compound | null {
  let body = s;
  let cap: string | undefined;
  const c = CAP.exec(s);
  if (c) {
    body = c[1]!;
    cap = c[2]!;
  }
  const parts = body.split(/ ?\+ ?/);
  const terms: Term[] = [];
  for (const p of parts) {
    const t = parseTerm(p);
    if (!t) return null;
    terms.push(t);
  }
  if (terms.length === 1 && cap === undefined) return terms[0]!;
  const node: Compound = { kind: 'compound', terms };
  if (cap !== undefined) node.cap = cap;
  return node;
}

const SLIDING =
  /^(.+) less (.+) for each degree under 100 degrees \(and fractions of a degree in proportion\) but not less (?:than )?(.+)$/;

function parseSliding(s: string): SlidingScale | null {
  const m = SLIDING.exec(s);
  if (!m) return null;
  const [base, less, minimum] = [parseTerm(m[1]!), parseTerm(m[2]!), parseTerm(m[3]!)];
  if (base?.kind !== 'specific' || less?.kind !== 'specific' || minimum?.kind !== 'specific') return null;
  return { kind: 'slidingScale', base, less, minimum, degreesUnder: 100 };
}

// ---------------------------------------------------------------------------------------------- Chapter 99

const HTS8 = String.raw`\d{4}\.\d{2}\.\d{2}(?:\.\d{2})?`;
const APPLICABLE = new RegExp(
  `^The duty (?:rate )?provided (?:for )?in (?:the applicable subheading|such subheading|subheadings? (${HTS8}(?:(?:, or |, | or )${HTS8})*))(.*)$`,
  'i',
);

function parseApplicable(s: string): Applicable | null {
  const m = APPLICABLE.exec(s);
  if (!m) return null;
  const node: Applicable = { kind: 'applicable' };
  if (m[1]) node.subheadings = m[1].split(/, or |, | or /);
  const rest = m[2]!.replace(/\.$/, '');
  if (rest === '') return node;
  let a: RegExpExecArray | null;
  if ((a = new RegExp(`^ ?(?:\\+|plus) ?(?:a duty of )?(${PCT}) ?% upon the value of the (.+?) content$`).exec(rest))) {
    node.contentPlus = { percent: stripCommas(a[1]!), content: a[2]! };
    return node;
  }
  if ((a = new RegExp(`^ ?(?:\\+|plus) ?(?:a duty of )?(${PCT}) ?%$`).exec(rest))) {
    node.plus = { percent: stripCommas(a[1]!) };
    return node;
  }
  if ((a = new RegExp(`^ minus (${PCT}) ?%$`).exec(rest))) {
    node.minus = { percent: stripCommas(a[1]!) };
    return node;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------- rate

const SEE = new RegExp(
  `^See (\\d{2}\\.?\\d{2}\\.\\d{2}\\.\\d{2}(?:-\\d{4}\\.\\d{2}\\.\\d{2})?(?:, \\d{2}\\.?\\d{2}\\.\\d{2}\\.\\d{2}(?:-\\d{4}\\.\\d{2}\\.\\d{2})?)*)$`,
);

/** Legal text that names a rate in words. */
const REFERENCE = /^(?:The (?:rate|duty)\b|A duty\b|See\b|No additional duty\b)/i;

/** Parse one rate cell (general, other, additionalDuties, or the rate text of one special group). Never throws. */
export function parseRate(raw: string): RateExpr {
  let s: string;
  try {
    s = normalizeRateText(raw);
  } catch {
    return { kind: 'text', text: '' };
  }
  return parseNormalized(s);
}

/** A cell holding only punctuation: a stray mark left by the conversion of the printed schedule, no rate. */
const STRAY_MARKS = /^[.,:;/ -]+$/;

/** Parse normalized text. With `programs`, text carrying at least one program list is a `special` rate; the
 *  expressions inside it are parsed without (program lists never nest). */
function parseNormalized(s: string, programs = true): RateExpr {
  if (s === '') return { kind: 'none' };
  if (programs && s.includes('(')) {
    const col = splitGroups(s);
    if (col.groups.length > 0) {
      const node: Special = { kind: 'special', groups: col.groups };
      if (col.trailing) node.trailing = col.trailing;
      return node;
    }
  }
  if (STRAY_MARKS.test(s)) return { kind: 'none' };
  if (/^free$/i.test(s)) return { kind: 'free' };
  if (/^no change\.?$/i.test(s)) return { kind: 'noChange' };
  if (/^free\b ?[,(]/i.test(s)) return { kind: 'freeConditional', text: s };
  const ap = parseApplicable(s);
  if (ap) return ap;
  const sl = parseSliding(s);
  if (sl) return sl;
  const pv = new RegExp(`^(${PCT}) percent of (\\S.*)$`).exec(s);
  if (pv) return { kind: 'percentOfValue', percent: stripCommas(pv[1]!), of: pv[2]! };
  const co = parseCompound(s);
  if (co) return co;
  const see = SEE.exec(s);
  if (see) {
    const headings = see[1]!.split(', ').map((h) => h.replace(/^(\d{2})\.(\d{2})\./, '$1$2.'));
    return { kind: 'seeProvisions', headings };
  }
  if (REFERENCE.test(s)) return { kind: 'reference', text: s };
  return { kind: 'text', text: s };
}

export const RATE_ACCEPTED =
  'a USITC HTS rate such as "Free", "6.8%", "6.3¢/liter", "$1.104/kg + 14.9%", "3.7¢/kg on drained weight", ' +
  '"The duty provided in the applicable subheading + 25%", a special-program rate such as "$1.034/kg + 17% (S+)" ' +
  'or "Free (A+,AU,BH) 2.7% (JP)", or legal text that names a rate ("The rate applicable to ...")';

export type TryParseResult = { ok: true; expr: RateExpr } | { ok: false; error: { message: string; accepted: string } };

/** Strict parse for user input: fails on an empty string and on text that is neither a formula nor legal text
 *  (kind `text`, e.g. "abc", also as the rate of a program group: "abc (PA)"), and on a program list without a
 *  rate ("(PA)"). Legal text (`reference`, `seeProvisions`, `freeConditional`, `noChange`) and a stray mark (":",
 *  kind `none`) are accepted: they parse, they just yield no duty. */
export function tryParseRate(raw: string): TryParseResult {
  const expr = parseRate(raw);
  const fail = (message: string): TryParseResult => ({ ok: false, error: { message, accepted: RATE_ACCEPTED } });
  if (expr.kind === 'none' && normalizeRateText(raw) === '') return fail('the rate text is empty');
  if (expr.kind === 'text') return fail(`"${expr.text}" is neither a rate formula nor legal rate text`);
  if (expr.kind === 'special') {
    for (const g of expr.groups) {
      const list = `(${g.programs.join(',')})`;
      if (g.expr.kind === 'none') return fail(`the program list ${list} has no rate before it`);
      if (g.expr.kind === 'text') {
        return fail(`"${g.expr.text}" before ${list} is neither a rate formula nor legal rate text`);
      }
    }
    if (expr.trailing?.kind === 'text') {
      return fail(`"${expr.trailing.text}" after the last program list is neither a rate formula nor legal rate text`);
    }
  }
  return { ok: true, expr };
}

// ---------------------------------------------------------------------------------------------- special column

const CODE = /^[A-Z][A-Z]?[+*]?$/;

/** Program codes of a parenthesised list, tolerating a missing comma ("E IL"), a stray "." (".OM") and a
 *  trailing comma ("(B,C,)"); null when the contents are not a program list ("(See U.S. note 4 ...)"). */
function programCodes(inner: string): string[] | null {
  const tokens = inner
    .split(/[\s,]+/)
    .map((t) => t.replace(/^\.+/, ''))
    .filter((t) => t !== '');
  if (tokens.length === 0 || !tokens.every((t) => CODE.test(t))) return null;
  return tokens;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Parse the special-program column. Never throws. Unlike parseRate, a cell without any program list is kept as
 *  `trailing` with no groups ("No change", "The duty provided in the applicable subheading + 25%"). */
export function parseSpecial(raw: string): SpecialColumn {
  let s: string;
  try {
    s = normalizeRateText(raw);
  } catch {
    return { groups: [] };
  }
  return splitGroups(s);
}

/** Split normalized text into groups `RATE (CODE,...)` and the text after the last list. A trailing text that is
 *  empty or only a stray mark is no trailing expression. */
function splitGroups(s: string): SpecialColumn {
  const groups: SpecialGroup[] = [];
  const listRe = /\(([^()]*)\)|\(([^()]*)$/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = listRe.exec(s))) {
    const codes = programCodes(m[1] ?? m[2] ?? '');
    if (!codes) continue;
    let text = s.slice(last, m.index).trim();
    let programs = codes;
    // "See 9919.04.50, 9919.04.57, 9919.04.67 (PA (PA)": an unclosed list just before a list: merge them.
    for (let open = /\s*\(([^()]*)$/.exec(text); open; open = /\s*\(([^()]*)$/.exec(text)) {
      const extra = programCodes(open[1]!);
      if (!extra) break;
      text = text.slice(0, open.index).trim();
      programs = [...extra, ...programs];
    }
    groups.push({ expr: parseNormalized(normalizeRateText(text), false), programs: dedupe(programs) });
    last = m.index + m[0].length;
  }
  const col: SpecialColumn = { groups };
  const trailing = parseNormalized(normalizeRateText(s.slice(last)), false);
  if (trailing.kind !== 'none') col.trailing = trailing;
  return col;
}
