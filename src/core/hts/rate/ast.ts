// The typed AST of a USITC HTS rate cell (general, special, other, additionalDuties). One node kind per legal
// form; numbers are kept as exact decimal text, never as JavaScript numbers. See shared/spec/hts-data.md §3–4.

/** Units of quantity a specific rate is charged per, normalized (spelling variants map to one id). */
export const UNIT_IDS = [
  'kg',
  'clean kg',
  'g',
  't',
  'liter',
  'pf.liter',
  'm',
  'lin. m',
  'm2',
  'm3',
  'doz.',
  'gross',
  'line/gross',
  'pr.',
  'each',
  'piece',
  'article',
  'head',
  'bbl',
  'pack',
  'jewel',
  'jewel over 7',
  'thousand',
  '1000',
  '1000 pins',
] as const;
export type UnitId = (typeof UNIT_IDS)[number];

/** Rate per thousand articles: the quantity for these units counts articles and the rate applies per 1,000. */
export const PER_THOUSAND_UNITS: readonly UnitId[] = ['thousand', '1000', '1000 pins'];

export interface Free {
  kind: 'free';
}

/** "16.5%", "6.5% on the entire set". percent is decimal text as written ("2.0", "33 1/3"). */
export interface AdValorem {
  kind: 'adValorem';
  percent: string;
  /** Qualifier naming what the percentage applies to: "on the case", "on the value of the lead content". */
  basis?: string;
}

/** "6.3¢/liter", "$1.50 each", "3.7¢/kg on drained weight". */
export interface Specific {
  kind: 'specific';
  /** In dollars, exact decimal text without exponent: 6.3¢ → "0.063", $1.50 → "1.5". */
  amount: string;
  /** How the amount was written, so that printing reproduces it. */
  currency: 'cents' | 'dollars';
  unit: UnitId;
  /** Qualifier: "on drained weight", "of total sugars", "including weight of container". */
  basis?: string;
}

export type Term = AdValorem | Specific;

/** Terms joined by "+", optionally with the watch-movement "shall not exceed" clause. */
export interface Compound {
  kind: 'compound';
  terms: Term[];
  /** The cap clause as written after ", ": "but if consisting in part of a plate ... complete movement". */
  cap?: string;
}

/** Raw sugar: base less `less` for each degree under 100 degrees of polarization, but not less than minimum. */
export interface SlidingScale {
  kind: 'slidingScale';
  base: Specific;
  less: Specific;
  minimum: Specific;
  degreesUnder: 100;
}

/** "3 percent of the fair retail value": `of` is the text after "of ". */
export interface PercentOfValue {
  kind: 'percentOfValue';
  percent: string;
  of: string;
}

/** Chapter 99: "The duty provided in the applicable subheading" with an adjustment. */
export interface Applicable {
  kind: 'applicable';
  plus?: { percent: string };
  /** "The duty rate provided in such subheading minus 0.5%". */
  minus?: { percent: string };
  /** "+ a duty of 25% upon the value of the steel content": content is the word(s) before "content". */
  contentPlus?: { percent: string; content: string };
  /** "The duty provided in subheadings 8716.39.00, 8716.90.30 or 8716.90.50 + 100%". */
  subheadings?: string[];
}

export interface NoChange {
  kind: 'noChange';
}

/** "Free, under bond ...": free subject to a legal condition; text is the whole normalized cell. */
export interface FreeConditional {
  kind: 'freeConditional';
  text: string;
}

/** "See 9822.04.25", "See 9823.03.01-9823.03.07", "See 9918.04.60, 9918.04.61". */
export interface SeeProvisions {
  kind: 'seeProvisions';
  headings: string[];
}

/** Legal text that names a rate without a formula: "The rate applicable to ...", "A duty upon ...", "See ...". */
export interface Reference {
  kind: 'reference';
  text: string;
}

/** Anything else that is not a formula (":"). */
export interface Text {
  kind: 'text';
  text: string;
}

/** An empty cell, or one holding only a stray mark (":" in column 2 of 9913.95.01 and 9913.95.23). */
export interface None {
  kind: 'none';
}

/**
 * A special-column cell typed as one rate: each rate with the special programs it applies to, in order.
 * "$1.034/kg + 17% (S+)" → one group; "Free (A+,AU,BH) 2.7% (JP) See 9822.04.25 (AU)" → three groups. Text after
 * the last program list, if any, is `trailing` (it names no program). parseRate gives this kind only to text with at
 * least one program list; the group and trailing expressions are never of this kind.
 */
export interface Special {
  kind: 'special';
  groups: SpecialGroup[];
  trailing?: RateExpr;
}

export type RateExpr =
  | Free
  | AdValorem
  | Specific
  | Compound
  | SlidingScale
  | PercentOfValue
  | Applicable
  | NoChange
  | FreeConditional
  | SeeProvisions
  | Reference
  | Text
  | None
  | Special;

export type RateKind = RateExpr['kind'];

/** Kinds that carry a computable duty formula (given the needed facts). */
export const FORMULA_KINDS: readonly RateKind[] = [
  'free',
  'adValorem',
  'specific',
  'compound',
  'slidingScale',
  'percentOfValue',
  'applicable',
  'special',
];

/** A special-column rate is a formula when one of its programs' rates is. */
export function isFormula(e: RateExpr): boolean {
  if (e.kind === 'special') return e.groups.some((g) => isFormula(g.expr));
  return FORMULA_KINDS.includes(e.kind);
}

/** A special-program group: "Free (A+,AU,BH)" → { expr: free, programs: ['A+','AU','BH'] }. */
export interface SpecialGroup {
  expr: RateExpr;
  programs: string[];
}

/** The special column: program groups in order, then an optional expression with no program list (parseSpecial:
 *  also for cells without any program list, where `groups` is empty). */
export interface SpecialColumn {
  groups: SpecialGroup[];
  trailing?: RateExpr;
}
