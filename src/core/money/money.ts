// Exact money for duty arithmetic: every amount is a decimal.js value from a private clone (40 significant
// digits, half-up), so nothing here touches binary floating point.
//
// Rounding rule: duties are computed exactly (rate × value, rate × quantity, sums of terms) and each duty
// component (one rate applied to one entry line) is rounded half-up to the cent only when it is reported,
// with roundCents. Intermediate results are never rounded. This follows CBP practice of stating each duty
// amount in whole cents (19 CFR 159.3 style "fractions of a cent": half a cent or more rounds up).
import { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';

/** The private decimal constructor: 40 significant digits, ROUND_HALF_UP, never exponent notation in toFixed. */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });

/** An exact decimal amount (dollars, percent, quantity: the unit is in the name of the variable). */
export type Dec = InstanceType<typeof D>;

/** An exact decimal from decimal text ("16.5", "0.063") or a safe number (integers; avoid fractional numbers). */
export function dec(x: string | number | Dec): Dec {
  return new D(x);
}

export function isDec(x: unknown): x is Dec {
  return x instanceof D;
}

/** Half-up to 0.01: 0.005 → 0.01, 0.0049 → 0.00. */
export function roundCents(d: Dec): Dec {
  return d.toDecimalPlaces(2, D.ROUND_HALF_UP);
}

/** Plain dollars with two decimals and no separators: "1690.00". Rounds half-up to the cent. */
export function formatUsd(d: Dec): string {
  return roundCents(d).toFixed(2);
}

/** Dollars with thousands separators for human text: "$1,690.00". */
export function formatUsdHuman(d: Dec): string {
  const [int, frac] = roundCents(d).toFixed(2).split('.') as [string, string];
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  return `${neg ? '-' : ''}$${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

export const USD_ACCEPTED =
  'a non-negative US dollar amount such as 1000, 1000.00, 1,000.00 or $1,000.00 (at most 2 decimals)';

const USD = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** Parse a customs value typed by a user. Rejects negatives, more than two decimals and anything else. */
export function parseUsd(input: string, field: string): Dec {
  const s = String(input).trim();
  const m = USD.exec(s);
  if (!m) {
    const why = /^-|^\$\s*-/.test(s) ? 'is negative' : 'is not a dollar amount';
    throw new InputError(field, input, `${field} "${input}" ${why}`, USD_ACCEPTED);
  }
  return dec(`${m[1]!.replace(/,/g, '')}.${m[2] ?? '0'}`);
}
