// The law as data, resolved for the engine: programs (one per Chapter 99 regime, e.g. IEEPA reciprocal), each a
// decision list of candidate headings with dated, cited rates and conditions; precedence groups between programs;
// references; product lists; countries. Loaded from law/**/*.yaml by src/load; evaluated by src/core/evaluate.
import type { IsoDate } from '../time/date.js';
import type { ProductList } from './products.js';
import type { CountryTable } from './countries.js';

export type Authority =
  'mfn' | 's232' | 's301' | 's338' | 's201' | 's122' | 'ieepa_fentanyl' | 'ieepa_reciprocal' | 'ieepa_other' | 'other';

/** The Chapter 99 authorities (every authority but the column 1 rate), in the order of the output columns. */
export const MEASURE_AUTHORITIES = [
  's232',
  's301',
  's338',
  's201',
  's122',
  'ieepa_fentanyl',
  'ieepa_reciprocal',
  'ieepa_other',
  'other',
] as const;

/** Every authority of a quote's components, the column 1 rate first. */
export const AUTHORITIES: readonly Authority[] = ['mfn', ...MEASURE_AUTHORITIES];

/**
 * CBP reporting order of Chapter 99 numbers on an entry line (CSMS #65829726, errata A1; from 2026-08-27 CSMS
 * #69668138: Section 301, then Section 338, then Section 232, then Section 201 duties and quotas).
 */
export const REPORTING_ORDER: readonly Authority[] = [
  's301',
  's338',
  'ieepa_fentanyl',
  'ieepa_reciprocal',
  'ieepa_other',
  's122',
  's232',
  's201',
  'other',
];

export interface Reference {
  id: string;
  title: string;
  fr?: string;
  url?: string;
}

export type Content = 'steel' | 'aluminum' | 'copper';

/** What a heading does to the duty. Percentages are decimal strings of percent ("7.5"). */
export type MeasureRate =
  /** + N% of the customs value (or of the share of it the measure covers). */
  | { kind: 'add'; percent: string }
  /** "N%" in lieu of column 1: the total is N% where MFN is lower; contributes max(0, N - MFN). */
  | { kind: 'floor'; percent: string }
  /** No change: the heading is reported, no additional duty (exemptions, exclusions, "MFN only" lines). */
  | { kind: 'none' }
  /** + N% of the value of the metal content (2025 derivatives regime, copper). */
  | { kind: 'content'; percent: string; content: Content }
  /** + N% of the value of the non-U.S. content (USMCA vehicles). */
  | { kind: 'nonUsContent'; percent: string }
  /**
   * A minimum import price: a specific duty that lifts the entered value per unit to `price` dollars per `unit`
   * (the shortfall), or the full price per unit when the importer cannot document the sale price (claim
   * `no-mip-documentation`). Needs the quantity in `unit`.
   */
  | { kind: 'minimumPrice'; price: string; unit: MinimumPriceUnit };

/** Units a minimum import price is expressed in (kilograms; watts of rated power). */
export type MinimumPriceUnit = 'kg' | 'W';

export interface DatedRate {
  from: IsoDate;
  /** Exclusive; absent means in force until further notice. */
  to?: IsoDate;
  rate: MeasureRate;
  /** Reference id: every dated value carries its citation. */
  ref: string;
  /** Dates the entries this value applies to started to be collected, when later than `from` (retroactive). */
  published?: IsoDate;
  /** The HTS kept printing this value until this date although it ended at `to` (a retroactive end). */
  toPublished?: IsoDate;
}

export interface CountryScope {
  codes?: string[];
  groups?: string[];
  /** Countries excluded even when a group includes them. */
  except?: string[];
  /** Groups whose members are excluded. */
  exceptGroups?: string[];
}

export interface ProductScope {
  /** All products (subject to `except`). */
  all?: boolean;
  /** HTS prefixes, digits only, 4-10 digits. */
  prefixes?: string[];
  /** Named product lists (law/lists.yaml). */
  lists?: string[];
  except?: { prefixes?: string[]; lists?: string[] };
}

export interface Conditions {
  /** In transit: the goods were loaded before this date (entry.loaded) ... */
  loadedBefore?: IsoDate;
  /** ... and are entered before this date. */
  enteredBefore?: IsoDate;
  /** A special program claimed on the entry (e.g. S for USMCA) and valid for the line and the country. */
  programClaimed?: string[];
  /** Column-1 rate (ad valorem or equivalent) at least / below this percent: the "15% inclusive" floor pairs. */
  mfnAtLeast?: number;
  mfnBelow?: number;
  /**
   * The entry is subject to (charged more than 0 by) a program of one of these authorities ("articles subject to
   * Section 232 duties"): resolved to the programs at load, so a new program of the authority is seen without edits.
   */
  subjectTo?: SubjectTo;
  /** The entry's U.S. content is at least this share (0-1). */
  usContentAtLeast?: number;
  /**
   * The importer claims one of these (law/claims.yaml): exemptions that depend on facts no HTS line shows
   * (donations, civil aircraft, U.S.-melted steel, end use, a CBP transshipment determination, ...).
   */
  claim?: string[];
  /** The importer claims none of these (e.g. the ban on alcohol in consumer containers: not on a bulk claim). */
  notClaimed?: string[];
  /** Tariff-rate quota tier of the entry (entry.quota; over-quota when not stated, with a note). */
  quota?: 'in' | 'over';
  /**
   * The entry is reported under a heading of this heading set (law/heading-sets.yaml), at any rate including
   * "no change": the notes' "articles provided for in headings ..." exemptions (e.g. note 52(f)).
   */
  reportedUnder?: string;
}

/** Where the subjectTo rule of a candidate points: every program of these authorities. */
export type SubjectTo = { authority: Authority[] };

export interface Candidate {
  /** Unique id: '<program>/<heading>' or given in the record. */
  id: string;
  heading: string;
  title: string;
  rates: DatedRate[];
  countries?: CountryScope;
  products?: ProductScope;
  when?: Conditions;
  /**
   * 'remainder': applies to the share of the value not charged by a metal-content duty of another program
   * (the non-metal content of a 232 derivative still pays the reciprocal duty).
   */
  share?: 'remainder';
  notModelled?: string[];
  /** First publication of the heading in the HTS (from the schedule at load): the as-published reading starts there. */
  firstPublished?: IsoDate;
  /**
   * The heading is printed in no revision of the sources (a measure after the last revision the sources hold):
   * quotes that report it say so, and check-policy lists it as awaiting a printed revision.
   */
  awaitingPrint?: boolean;
}

export interface Program {
  id: string;
  authority: Authority;
  title: string;
  /** law/ file it comes from, for errors and traces. */
  file: string;
  candidates: Candidate[];
  /** Programs this one reads (subjectTo and reportedUnder conditions): evaluated before it. */
  dependsOn: string[];
  notModelled: string[];
  /** U.S. content rule of the reciprocal tariff: content at or above the threshold is not charged. */
  usContentRule?: { heading: string; threshold: number; ref: string };
}

/**
 * Precedence between programs (EO 14289 "not subject to" rules): within the window, an entry charged by a program
 * of an earlier tier is not charged by the programs of later tiers.
 */
export interface PrecedenceGroup {
  id: string;
  title: string;
  from: IsoDate;
  to?: IsoDate;
  tiers: string[][];
  ref: string;
}

/**
 * A named set of Chapter 99 headings that a note enumerates ("articles provided for in headings 9903.82.02 and
 * 9903.82.04-9903.82.26, ..."), with dated members, read by reportedUnder conditions. `authority` and `notCovered`
 * make its reach checkable: every program of the authority is either named by the set or listed as not covered,
 * with the reason, so a new program cannot be silently missed.
 */
export interface HeadingSet {
  id: string;
  title: string;
  ref: string;
  /** Heading ranges (first = last for one heading), each in the set on dates [from, to) when dated. */
  members: { first: string; last: string; from?: IsoDate; to?: IsoDate }[];
  authority?: Authority;
  notCovered: { program: string; reason: string }[];
}

/**
 * An import prohibition: goods of the countries and products given, imported (arrived) on or after `importedFrom`,
 * may not be entered; no duty is given. Goods imported before keep their duty.
 */
export interface Prohibition {
  id: string;
  authority: Authority;
  title: string;
  heading?: string;
  importedFrom: IsoDate;
  /** Exclusive end (importation date), if the ban ends. */
  importedTo?: IsoDate;
  countries?: CountryScope;
  products?: ProductScope;
  /** The ban does not apply when the importer makes one of these claims (e.g. bulk containers). */
  notClaimed?: string[];
  ref: string;
  file: string;
  notModelled?: string[];
}

export interface SpecialProgram {
  code: string;
  title: string;
  /** Countries whose goods may claim it; empty means determined otherwise (see note). */
  countries: string[];
  from?: IsoDate;
  to?: IsoDate;
  note?: string;
}

export interface Claim {
  code: string;
  title: string;
  /** What the importer must be able to show. */
  requires: string;
  /**
   * HTS prefixes whose articles carry the fact by what they are (an aeroplane of 8802 is an aircraft): a condition
   * on the claim holds for them without it, and the quote says why (`impliedWhy`).
   */
  impliedFor?: string[];
  impliedWhy?: string;
}

export interface Law {
  /** In evaluation order (dependencies first). */
  programs: Program[];
  /** Import prohibitions, checked before any duty. */
  prohibitions: Prohibition[];
  headingSets: Map<string, HeadingSet>;
  precedence: PrecedenceGroup[];
  references: Map<string, Reference>;
  lists: Map<string, ProductList>;
  countries: CountryTable;
  specialPrograms: Map<string, SpecialProgram>;
  claims: Map<string, Claim>;
  /** Oddities found while reading the sources (skipped rows of product lists): reported by check-policy. */
  warnings: string[];
}
