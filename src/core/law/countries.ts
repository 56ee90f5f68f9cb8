// Countries as data: ISO 3166-1 alpha-2 codes with names, and dated groups the measures use (the EU member states,
// "China, including Hong Kong and Macau", column 2 countries, ...).
import { InputError } from '../errors.js';
import type { IsoDate } from '../time/date.js';

export interface GroupMember {
  code: string;
  from?: IsoDate;
  /** Exclusive. */
  to?: IsoDate;
}

export interface CountryGroup {
  name: string;
  title: string;
  citation: string;
  members: GroupMember[];
}

export interface Country {
  code: string;
  name: string;
  /** Other names people type ("South Korea", "Korea, Republic of", "UK"). */
  aliases?: string[];
  /** U.S. Census Bureau country code (Schedule C), for analytics; absent when Census has none. */
  census?: string;
}

export interface CountryTable {
  countries: Map<string, Country>;
  groups: Map<string, CountryGroup>;
}

export function inGroup(table: CountryTable, group: string, code: string, date: IsoDate): boolean {
  const g = table.groups.get(group);
  if (!g) throw new Error(`unknown country group ${group}`);
  return g.members.some((m) => m.code === code && (!m.from || date >= m.from) && (!m.to || date < m.to));
}

/** Normal form for matching names: case-, accent-, "&"/"and"- and "St."/"Saint"-insensitive, single spaces. */
export function normalizeCountryName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/^st\.? /, 'saint ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface CountryIndex {
  byName: Map<string, string>;
  byCensus: Map<string, string>;
}

const indexes = new WeakMap<CountryTable, CountryIndex>();

function indexOf(table: CountryTable): CountryIndex {
  let ix = indexes.get(table);
  if (!ix) {
    ix = { byName: new Map(), byCensus: new Map() };
    for (const c of table.countries.values()) {
      for (const n of [c.name, ...(c.aliases ?? [])]) {
        const k = normalizeCountryName(n);
        if (!ix.byName.has(k)) ix.byName.set(k, c.code);
      }
      if (c.census && !ix.byCensus.has(c.census)) ix.byCensus.set(c.census, c.code);
    }
    indexes.set(table, ix);
  }
  return ix;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to `max` countries close to `input`, as "CODE (Name)": prefix matches first, then by edit distance. */
export function suggestCountries(table: CountryTable, input: string, max = 5): string[] {
  const q = normalizeCountryName(input);
  if (!q) return [];
  const scored: { code: string; score: number }[] = [];
  for (const c of table.countries.values()) {
    let best = Infinity;
    if (q.length <= 3) {
      const d = editDistance(q, c.code.toLowerCase());
      if (d <= 1) best = d + 0.5;
    }
    for (const n of [c.name, ...(c.aliases ?? [])]) {
      const k = normalizeCountryName(n);
      if (q.length >= 2 && k.startsWith(q)) best = Math.min(best, 0);
      else if (q.length >= 4) {
        const d = editDistance(q, k);
        if (d <= Math.max(1, Math.floor(k.length / 4))) best = Math.min(best, d);
      }
    }
    if (best < Infinity) scored.push({ code: c.code, score: best });
  }
  scored.sort((a, b) => a.score - b.score || a.code.localeCompare(b.code));
  return scored.slice(0, max).map(({ code }) => `${code} (${table.countries.get(code)!.name})`);
}

const ACCEPTED = 'an ISO 3166-1 alpha-2 code (e.g. CN, DE) or a country name (e.g. China, South Korea)';

/**
 * The ISO 3166-1 alpha-2 code for `input`: a code in any case ("cn", " CN ") or a name or alias (case- and
 * accent-insensitive). Throws an InputError naming `field` otherwise; the EU gets its own message.
 */
export function parseCountry(table: CountryTable, input: string, field = 'country'): string {
  const s = input.trim();
  if (/^[A-Za-z]{2}$/.test(s) && table.countries.has(s.toUpperCase())) return s.toUpperCase();
  const k = normalizeCountryName(s);
  const code = indexOf(table).byName.get(k);
  if (code) return code;
  if (k === 'eu' || k === 'european union' || k === 'e.u.') {
    throw new InputError(
      field,
      input,
      `${field} "${input}": the European Union is not a country; give the member state of origin (the EU floor applies to its member states)`,
      'an ISO 3166-1 alpha-2 code of a member state, e.g. DE',
    );
  }
  throw new InputError(
    field,
    input,
    `${field} "${input}" is not a known country code or name`,
    ACCEPTED,
    suggestCountries(table, s),
  );
}

/** The U.S. Census Bureau country code of an ISO code, or undefined when Census has none. */
export function censusCode(table: CountryTable, iso: string): string | undefined {
  return table.countries.get(iso)?.census;
}

/** The ISO code of a U.S. Census Bureau country code, or undefined when none maps to it. */
export function isoFromCensus(table: CountryTable, census: string): string | undefined {
  return indexOf(table).byCensus.get(census.trim());
}

/** The codes in `group` on `date` (members' windows are half-open), in the group's order. */
export function groupMembers(table: CountryTable, group: string, date: IsoDate): string[] {
  const g = table.groups.get(group);
  if (!g) throw new Error(`unknown country group ${group}`);
  const out: string[] = [];
  for (const m of g.members) {
    if ((!m.from || date >= m.from) && (!m.to || date < m.to) && !out.includes(m.code)) out.push(m.code);
  }
  return out;
}
