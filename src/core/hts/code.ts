// HTS numbers: stored as digits only ('6109100012'), printed with dots ('6109.10.0012').
// Accepted input forms: 6109.10.0012, 6109.10.00.12 (as in the USITC JSON), 6109100012, and the 4-, 6- and 8-digit levels.
import { InputError } from '../errors.js';

export type HtsDigits = string & { readonly __brand: 'HtsDigits' };

export const HTS_ACCEPTED = 'an HTS number of 4, 6, 8 or 10 digits, e.g. 6109.10.0012, 6109.10.00.12 or 6109100012';

/** Digits of an HTS number as written in any accepted form, or null when it is not one. */
export function htsDigitsOrNull(input: string): HtsDigits | null {
  const s = input.trim();
  if (!/^[0-9][0-9. ]*$/.test(s)) return null;
  const digits = s.replace(/[. ]/g, '');
  if (![4, 6, 8, 10].includes(digits.length)) return null;
  return digits as HtsDigits;
}

export function parseHts(input: string, field = 'hts'): HtsDigits {
  const d = htsDigitsOrNull(input);
  if (!d) throw new InputError(field, input, `${field} "${input}" is not an HTS number`, HTS_ACCEPTED);
  return d;
}

/** The USITC JSON form: 6109.10.00.12, 6109.10.00, 6109.10, 6109. */
export function usitcForm(d: string): string {
  const parts = [d.slice(0, 4), d.slice(4, 6), d.slice(6, 8), d.slice(8, 10)].filter((p) => p.length > 0);
  return parts.join('.');
}

/** The common printed form: 6109.10.0012 for 10 digits, 6109.10.00 for 8, 6109.10 for 6, 6109 for 4. */
export function printHts(d: string): string {
  if (d.length === 10) return `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6, 10)}`;
  return usitcForm(d);
}

export function chapterOf(d: string): number {
  return Number(d.slice(0, 2));
}
