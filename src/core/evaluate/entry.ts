// An entry line, as the engine receives it: already parsed and validated by an adapter (CLI, API, entries file).
import type { Dec } from '../money/index.js';
import type { IsoDate } from '../time/date.js';

export type Mode = 'legal' | 'as-published';

export interface Entry {
  /** HTS digits (10, or 8 for a legal line). */
  hts: string;
  /** ISO 3166-1 alpha-2 country of origin. */
  country: string;
  /** Date of entry (or withdrawal from warehouse) for consumption, US Eastern time. */
  date: IsoDate;
  /** Customs value in USD. */
  value?: Dec;
  /** Quantity in the unit of the line's specific rate, or per unit. */
  quantity?: Dec;
  quantities?: Record<string, Dec>;
  /** Special program indicator claimed (e.g. 'S' for USMCA), checked against the line and the country. */
  program?: string;
  /** Date the goods were loaded on the vessel (or last mode of transport) bound for the US: in-transit rules. */
  loaded?: IsoDate;
  /**
   * Date of importation (arrival in the United States), when earlier than the entry date: import prohibitions
   * turn on it (goods imported before a ban may still be entered). Absent: the entry date.
   */
  imported?: IsoDate;
  /** Tariff-rate quota tier claimed for the entry; absent: over-quota (stated in a note). */
  quota?: 'in' | 'over';
  /** Shares of the customs value (0-1): metal content, and U.S. content. */
  content?: Partial<Record<'steel' | 'aluminum' | 'copper' | 'us', Dec>>;
  mode: Mode;
  /** Exemptions claimed by the importer (codes of law/claims.yaml), e.g. ['donation']. */
  claims?: string[];
  /** Echoed in results (batch files). */
  id?: string;
}

/** What the engine needs of the Schedule (src/schedule implements it). */
export interface ScheduleRevision {
  id: string;
  published: IsoDate;
  effective: IsoDate;
}

export interface ScheduleLine {
  code: string;
  hts: string;
  description: string;
  path: { code: string; description: string }[];
  general: string;
  special: string;
  other: string;
  rateSource: string | null;
  isLine: boolean;
}

export interface ScheduleView {
  readonly latest: ScheduleRevision;
  revisionAt(date: IsoDate, basis?: 'effective' | 'published'): ScheduleRevision;
  requireLine(digits: string, rev: ScheduleRevision, field?: string): ScheduleLine;
}
