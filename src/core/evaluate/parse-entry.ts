// Turns the text fields of an entry (CLI flags, a CSV row, query parameters) into an Entry, or an InputError that
// names the field, the value and the accepted form. Shared by every adapter so that they accept the same inputs.
import { InputError } from '../errors.js';
import { parseHts } from '../hts/code.js';
import { parseQuantity } from '../hts/rate/index.js';
import { D, parseUsd, type Dec } from '../money/index.js';
import { parseCountry } from '../law/countries.js';
import type { Law } from '../law/types.js';
import { parseIsoDate, type IsoDate } from '../time/date.js';
import type { Entry, Mode } from './entry.js';

export const FIRST_DATE = '2025-01-01' as IsoDate;

export interface RawEntry {
  hts?: string;
  country?: string;
  date?: string;
  value?: string;
  quantity?: string;
  program?: string;
  loaded?: string;
  imported?: string;
  quota?: string;
  content?: string;
  mode?: string;
  claim?: string;
  id?: string;
}

const CONTENT_ACCEPTED =
  'shares of the value from 0 to 1, e.g. steel=0.4 or steel=0.4;aluminum=0.1 (steel, aluminum, copper, us)';

function blank(s: string | undefined): s is undefined {
  return s === undefined || s.trim() === '';
}

export function parseContent(input: string, field = 'content'): NonNullable<Entry['content']> {
  const out: NonNullable<Entry['content']> = {};
  let sum = D(0);
  for (const part of input
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(steel|aluminum|aluminium|copper|us)\s*=\s*(\d*\.?\d+)$/i.exec(part);
    if (!m)
      throw new InputError(field, input, `${field} "${input}": "${part}" is not a content share`, CONTENT_ACCEPTED);
    const key = m[1]!.toLowerCase().replace('aluminium', 'aluminum') as keyof typeof out;
    const share: Dec = D(m[2]!);
    if (share.gt(1))
      throw new InputError(field, input, `${field} "${input}": ${key} share ${m[2]} is above 1`, CONTENT_ACCEPTED);
    out[key] = share;
    if (key !== 'us') sum = sum.plus(share);
  }
  if (sum.gt(1))
    throw new InputError(field, input, `${field} "${input}": metal shares add up to more than 1`, CONTENT_ACCEPTED);
  return out;
}

export function parseEntry(raw: RawEntry, law: Law): Entry {
  if (blank(raw.hts)) throw new InputError('hts', raw.hts ?? '', 'hts is missing', 'an HTS number, e.g. 6109.10.0012');
  if (blank(raw.country))
    throw new InputError('country', raw.country ?? '', 'country is missing', 'an ISO 3166-1 alpha-2 code, e.g. CN');
  if (blank(raw.date)) throw new InputError('date', raw.date ?? '', 'date is missing', 'the date of entry, YYYY-MM-DD');
  const hts = parseHts(raw.hts, 'hts');
  if (hts.length < 8)
    throw new InputError(
      'hts',
      raw.hts,
      `hts "${raw.hts}" is a heading, not a tariff line`,
      'a 10-digit statistical line or an 8-digit legal line, e.g. 6109.10.0012',
    );
  const country = parseCountry(law.countries, raw.country, 'country');
  const date = parseIsoDate(raw.date, 'date');
  if (date < FIRST_DATE)
    throw new InputError(
      'date',
      raw.date,
      `date ${date} is before ${FIRST_DATE}, where tariff's data begins`,
      `a date from ${FIRST_DATE} on`,
    );
  const e: Entry = { hts, country, date, mode: 'legal' };
  if (!blank(raw.value)) e.value = parseUsd(raw.value, 'value');
  if (!blank(raw.quantity)) {
    const q = parseQuantity(raw.quantity, 'quantity');
    if ('quantity' in q) e.quantity = q.quantity;
    else e.quantities = q.quantities;
  }
  if (!blank(raw.program)) {
    const p = raw.program.trim().toUpperCase();
    if (!law.specialPrograms.has(p))
      throw new InputError(
        'program',
        raw.program,
        `program "${raw.program}" is not a special program indicator`,
        `one of ${[...law.specialPrograms.keys()].join(', ')}`,
      );
    e.program = p;
  }
  if (!blank(raw.loaded)) {
    e.loaded = parseIsoDate(raw.loaded, 'loaded');
    if (e.loaded > date)
      throw new InputError(
        'loaded',
        raw.loaded,
        `loaded ${e.loaded} is after the entry date ${date}`,
        'a date on or before the date of entry',
      );
  }
  if (!blank(raw.imported)) {
    e.imported = parseIsoDate(raw.imported, 'imported');
    if (e.imported > date)
      throw new InputError(
        'imported',
        raw.imported,
        `imported ${e.imported} is after the entry date ${date}`,
        'the date the goods arrived in the United States, on or before the date of entry',
      );
    if (e.loaded && e.imported < e.loaded)
      throw new InputError(
        'imported',
        raw.imported,
        `imported ${e.imported} is before the loading date ${e.loaded}`,
        'a date on or after the loading date',
      );
  }
  if (!blank(raw.quota)) {
    const q = raw.quota.trim().toLowerCase();
    if (q !== 'in' && q !== 'over')
      throw new InputError(
        'quota',
        raw.quota,
        `quota "${raw.quota}" is not a tariff-rate quota tier`,
        'in (within the in-quota quantity) or over (the default)',
      );
    e.quota = q;
  }
  if (!blank(raw.content)) e.content = parseContent(raw.content, 'content');
  if (!blank(raw.mode)) {
    const m = raw.mode.trim();
    if (m !== 'legal' && m !== 'as-published')
      throw new InputError(
        'mode',
        raw.mode,
        `mode "${raw.mode}" is not a reading of the law`,
        'legal (the law as amended, the default) or as-published (what the HTS said that day)',
      );
    e.mode = m as Mode;
  }
  if (!blank(raw.claim)) {
    const claims = raw.claim
      .split(/[;,]/)
      .map((c) => c.trim().toLowerCase())
      .filter(Boolean);
    for (const c of claims)
      if (!law.claims.has(c))
        throw new InputError(
          'claim',
          raw.claim,
          `claim "${c}" is not a known claim`,
          `one or more of ${[...law.claims.keys()].join(', ')}`,
        );
    e.claims = claims;
  }
  if (!blank(raw.id)) e.id = raw.id;
  return e;
}
