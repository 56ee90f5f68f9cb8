// Calendar dates in US Eastern time, as 'YYYY-MM-DD' strings: lexicographic order is date order.
// Measures apply to goods entered from 12:01 a.m. ET on `from` until (not including) `to`: windows are half-open.
import { InputError } from '../errors.js';

export type IsoDate = string & { readonly __brand: 'IsoDate' };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][month - 1]!;
}

export function isIsoDate(s: string): s is IsoDate {
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Parses YYYY-MM-DD (or MM/DD/YYYY) into an IsoDate; throws an InputError naming `field` otherwise. */
export function parseIsoDate(value: string, field = 'date'): IsoDate {
  const s = value.trim();
  if (isIsoDate(s)) return s;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (us) {
    const iso = `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
    if (isIsoDate(iso)) return iso;
  }
  throw new InputError(field, value, `${field} "${value}" is not a calendar date`, 'YYYY-MM-DD, e.g. 2025-04-10');
}

/** Adds whole days (may be negative), in the proleptic Gregorian calendar (no time zone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10) as IsoDate;
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const ms = (s: IsoDate) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(b) - ms(a)) / 86_400_000);
}

export interface Window {
  readonly from: IsoDate;
  /** Exclusive; undefined means open-ended. */
  readonly to?: IsoDate;
}

/** True when `date` falls in the half-open window [from, to). */
export function inWindow(date: IsoDate, w: Window): boolean {
  return date >= w.from && (w.to === undefined || date < w.to);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Parses an English date such as "April 05, 2025" or "Sept. 4, 2025"; null when it is not one. */
export function parseEnglishDate(text: string): IsoDate | null {
  const m = /([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4})/.exec(text);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  const idx = MONTHS.findIndex((full) => full === name || (name.length >= 3 && full.startsWith(name)));
  if (idx < 0) return null;
  const iso = `${m[3]}-${String(idx + 1).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
