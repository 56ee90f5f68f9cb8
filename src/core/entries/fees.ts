// Fees of a formal entry: the merchandise processing fee (ad valorem with a minimum and a maximum per entry, by
// fiscal year of the entry date) and the harbor maintenance fee (ad valorem on ocean shipments). Pure.
import { D, roundCents, type Dec } from '../money/index.js';
import type { IsoDate } from '../time/date.js';

export interface FiscalYearBounds {
  from: IsoDate;
  to: IsoDate;
  minimum: string;
  maximum: string;
  ref: string;
}

export interface FeeSchedule {
  mpf: { percent: string; ref: string; fiscalYears: FiscalYearBounds[] };
  hmf: { percent: string; transport: string[]; ref: string };
  interestNote: string;
  references: Map<string, string>;
}

export interface MpfResult {
  amount: Dec;
  /** Which rule set the amount: the ad valorem rate, or the minimum or maximum of the fiscal year. */
  rule: 'rate' | 'minimum' | 'maximum';
  fiscalYear: FiscalYearBounds | null;
  formula: string;
}

/** MPF of one entry: 0.3464% of the entry's value, rounded half-up to the cent, within the fiscal year's bounds. */
export function mpfFor(fees: FeeSchedule, value: Dec, date: IsoDate): MpfResult {
  const fy = fees.mpf.fiscalYears.find((y) => date >= y.from && date < y.to) ?? null;
  const raw = roundCents(value.times(D(fees.mpf.percent)).div(100));
  const formula = `${fees.mpf.percent}% x $${value.toFixed(2)} = $${raw.toFixed(2)}`;
  if (!fy)
    return {
      amount: raw,
      rule: 'rate',
      fiscalYear: null,
      formula: `${formula} (no fiscal-year bounds known for ${date})`,
    };
  if (raw.lt(fy.minimum))
    return {
      amount: D(fy.minimum),
      rule: 'minimum',
      fiscalYear: fy,
      formula: `${formula}, below the minimum $${fy.minimum}`,
    };
  if (raw.gt(fy.maximum))
    return {
      amount: D(fy.maximum),
      rule: 'maximum',
      fiscalYear: fy,
      formula: `${formula}, above the maximum $${fy.maximum}`,
    };
  return { amount: raw, rule: 'rate', fiscalYear: fy, formula };
}

/** HMF of the value shipped by vessel: 0.125%, rounded half-up to the cent. */
export function hmfFor(fees: FeeSchedule, oceanValue: Dec): Dec {
  return roundCents(oceanValue.times(D(fees.hmf.percent)).div(100));
}
