// The law as data, resolved for the engine: programs (one per Chapter 99 regime, e.g. IEEPA reciprocal), each a
// decision list of candidate headings with dated, cited rates and conditions; precedence groups between programs;
// references; product lists; countries. Loaded from law/**/*.yaml by src/load; evaluated by src/core/evaluate.
import type { IsoDate } from '../time/date.js';
import type { ProductList } from './products.js';
import type { CountryTable } from './countries.js';

export type Authority =
  'mfn' | 's232' | 's301' | 's201' | 's122' | 'ieepa_fentanyl' | 'ieepa_reciprocal' | 'ieepa_other' | 'other';

/** The Chapter 99 authorities (every authority but the column 1 rate), in the order of the output columns. */
export const MEASURE_AUTHORITIES = [
  's232',
  's301',
  's201',
  's122',
  'ieepa_fentanyl',
  'ieepa_reciprocal',
  'ieepa_other',
  'other',
] as const;

/** Every authority of a quote's components, the column 1 rate first. */
export const AUTHORITIES: readonly Authority[] = ['mfn', ...MEASURE_AUTHORITIES];

/** CBP reporting order of Chapter 99 numbers on an entry line (CSMS #65829726; errata A1). */
export const REPORTING_ORDER: readonly Authority[] = [
  's301',
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
  | { kind: 'nonUsContent'; percent: string };

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
  /** The entry is subject to (charged more than 0 by) one of these programs. */
  subjectTo?: string[];
  /** The entry's U.S. content is at least this share (0-1). */
  usContentAtLeast?: number;
  /**
   * The importer claims one of these (law/claims.yaml): exemptions that depend on facts no HTS line shows
   * (donations, civil aircraft, U.S.-melted steel, end use, a CBP transshipment determination, ...).
   */
  claim?: string[];
}

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
}

export interface Program {
  id: string;
  authority: Authority;
  title: string;
  /** law/ file it comes from, for errors and traces. */
  file: string;
  candidates: Candidate[];
  /** Programs this one reads (subjectTo conditions): evaluated before it. */
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
}

export interface Law {
  /** In evaluation order (dependencies first). */
  programs: Program[];
  precedence: PrecedenceGroup[];
  references: Map<string, Reference>;
  lists: Map<string, ProductList>;
  countries: CountryTable;
  specialPrograms: Map<string, SpecialProgram>;
  claims: Map<string, Claim>;
  /** Oddities found while reading the sources (skipped rows of product lists): reported by check-policy. */
  warnings: string[];
}
