import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isInputError, type InputError } from '../../src/core/errors.js';
import {
  censusCode,
  groupMembers,
  inGroup,
  isoFromCensus,
  parseCountry,
  suggestCountries,
} from '../../src/core/law/countries.js';
import type { IsoDate } from '../../src/core/time/date.js';
import { loadCountryTable, parseCountryTable } from '../../src/load/countries.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAW = join(ROOT, 'law');
const table = loadCountryTable(LAW);
const d = (s: string) => s as IsoDate;

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (isInputError(e)) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

const EU27 = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');

describe('law/countries.yaml', () => {
  it('loads every ISO 3166-1 alpha-2 code (249 assigned + XK)', () => {
    expect(table.countries.size).toBe(250);
    for (const code of ['US', 'CN', 'HK', 'MO', 'TW', 'XK', 'AQ', 'BQ', 'SS', 'CW'])
      expect(table.countries.has(code)).toBe(true);
    for (const code of ['EU', 'UK', 'ZZ', 'AN', 'YU', 'SU', 'XA']) expect(table.countries.has(code)).toBe(false);
  });

  it('every group member is a known country; group sizes', () => {
    for (const g of table.groups.values()) {
      for (const m of g.members) expect(table.countries.has(m.code), `${g.name}: ${m.code}`).toBe(true);
      expect(g.title).not.toBe('');
      expect(g.citation).not.toBe('');
    }
    const on = d('2025-06-01');
    expect(groupMembers(table, 'eu', on).sort()).toEqual([...EU27].sort());
    expect(groupMembers(table, 'eu', d('2013-06-30'))).not.toContain('HR');
    expect(groupMembers(table, 'china-hk-mo', on)).toEqual(['CN', 'HK', 'MO']);
    expect(groupMembers(table, 'china-hk', on)).toEqual(['CN', 'HK']);
    expect(groupMembers(table, 'column-2', on).sort()).toEqual(['BY', 'CU', 'KP', 'RU']);
    expect(groupMembers(table, 'column-2', d('2022-01-01')).sort()).toEqual(['CU', 'KP']);
    expect(groupMembers(table, 'usmca', on)).toEqual(['CA', 'MX']);
    expect(groupMembers(table, 'cafta-dr', on).sort()).toEqual(['CR', 'DO', 'GT', 'HN', 'NI', 'SV']);
    const deal = groupMembers(table, 's232-metals-deal-2026-06', d('2026-07-01'));
    expect(deal).toHaveLength(37);
    for (const c of ['AR', 'EC', 'SV', 'GT', 'JP', 'KR', 'LI', 'CH', 'TW', 'GB', ...EU27]) expect(deal).toContain(c);
    const dev = groupMembers(table, 's201-solar-exempt-developing', on);
    expect(dev).toHaveLength(99);
    for (const c of ['BR', 'ID', 'ZA', 'UA', 'XK', 'SZ', 'CD', 'CG']) expect(dev).toContain(c);
    for (const c of ['CN', 'PH', 'TH', 'IN']) expect(dev).not.toContain(c);
    expect(inGroup(table, 'eu', 'DE', on)).toBe(true);
    expect(() => groupMembers(table, 'nope', on)).toThrow(/unknown country group/);
  });
});

describe('parseCountry', () => {
  it('accepts codes in any case, names and aliases', () => {
    expect(parseCountry(table, 'cn')).toBe('CN');
    expect(parseCountry(table, ' CN ')).toBe('CN');
    expect(parseCountry(table, 'South Korea')).toBe('KR');
    expect(parseCountry(table, 'korea, south')).toBe('KR');
    expect(parseCountry(table, 'Republic of Korea')).toBe('KR');
    expect(parseCountry(table, 'UK')).toBe('GB');
    expect(parseCountry(table, 'Great Britain')).toBe('GB');
    expect(parseCountry(table, 'china')).toBe('CN');
    expect(parseCountry(table, 'Taiwan')).toBe('TW');
    expect(parseCountry(table, 'Vietnam')).toBe('VN');
    expect(parseCountry(table, 'Viet Nam')).toBe('VN');
    expect(parseCountry(table, 'Russian Federation')).toBe('RU');
    expect(parseCountry(table, 'Cote d’Ivoire')).toBe('CI');
    expect(parseCountry(table, 'St. Lucia')).toBe('LC');
    expect(parseCountry(table, 'Bosnia & Herzegovina')).toBe('BA');
    expect(parseCountry(table, 'Macau')).toBe('MO');
  });

  it('rejects the EU with its own message', () => {
    for (const input of ['EU', 'eu', 'European Union']) {
      const e = inputError(() => parseCountry(table, input));
      expect(e.field).toBe('country');
      expect(e.message).toMatch(/not a country/);
      expect(e.message).toMatch(/member state/);
      expect(e.accepted).toBe('an ISO 3166-1 alpha-2 code of a member state, e.g. DE');
    }
    expect(inputError(() => parseCountry(table, 'EU', 'origin')).field).toBe('origin');
  });

  it('rejects unknown input with suggestions', () => {
    const e = inputError(() => parseCountry(table, 'XX'));
    expect(e.field).toBe('country');
    expect(e.value).toBe('XX');
    expect(e.suggestions.length).toBeGreaterThan(0);
    expect(e.suggestions.length).toBeLessThanOrEqual(5);
    expect(e.suggestions.some((s) => s.startsWith('XK'))).toBe(true);
    expect(suggestCountries(table, 'Korea').map((s) => s.slice(0, 2))).toEqual(expect.arrayContaining(['KR', 'KP']));
    expect(inputError(() => parseCountry(table, 'Germny')).suggestions[0]).toBe('DE (Germany)');
    expect(inputError(() => parseCountry(table, 'Korea')).suggestions.length).toBeGreaterThan(0);
    expect(inputError(() => parseCountry(table, '')).suggestions).toEqual([]);
  });
});

describe('census codes', () => {
  it('maps ISO codes to Census codes and back', () => {
    const cases: [string, string][] = [
      ['CN', '5700'],
      ['CA', '1220'],
      ['MX', '2010'],
      ['JP', '5880'],
      ['DE', '4280'],
    ];
    for (const [iso, census] of cases) {
      expect(censusCode(table, iso)).toBe(census);
      expect(isoFromCensus(table, census)).toBe(iso);
    }
    expect(censusCode(table, 'AQ')).toBeUndefined();
    expect(isoFromCensus(table, '5082')).toBeUndefined();
  });

  it('maps 238 of the 240 Census codes (Gaza Strip and West Bank have no ISO code of their own)', () => {
    const mapped = [...table.countries.values()].filter((c) => c.census);
    expect(mapped).toHaveLength(238);
    expect(new Set(mapped.map((c) => c.census)).size).toBe(238);
  });

  const csv = join(
    process.env['TARIFF_SOURCES'] ?? join(ROOT, '..', 'shared', 'data'),
    'reference-yale',
    'census_codes.csv',
  );
  it.skipIf(!existsSync(csv))('agrees with census_codes.csv', () => {
    const rows = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => /^(\d{4}),/.exec(l)![1]!);
    expect(rows).toHaveLength(240);
    const unmapped = rows.filter((r) => !isoFromCensus(table, r));
    expect(unmapped.sort()).toEqual(['5082', '5083']);
    for (const c of table.countries.values()) if (c.census) expect(rows).toContain(c.census);
  });
});

describe('parseCountryTable validation', () => {
  const base = (extra: string) =>
    `countries:\n  - { code: CN, name: China }\n  - { code: HK, name: Hong Kong }\n${extra}`;
  it('rejects unknown keys, bad codes, bad dates, unknown members and duplicates, naming file and key path', () => {
    expect(() => parseCountryTable(base('groups: {}\nextra: 1\n'), 'c.yaml')).toThrow(/c\.yaml: .*extra/);
    expect(() => parseCountryTable('countries:\n  - { code: cn, name: China }\ngroups: {}\n', 'c.yaml')).toThrow(
      /c\.yaml: countries\[0\]\.code: must be 2 uppercase letters/,
    );
    expect(() =>
      parseCountryTable(
        base("groups:\n  g:\n    title: t\n    citation: c\n    members: [{ code: CN, from: '2025-13-01' }]\n"),
        'c.yaml',
      ),
    ).toThrow(/c\.yaml: groups\.g\.members\[0\]\.from: must be a calendar date/);
    expect(() =>
      parseCountryTable(base('groups:\n  g:\n    title: t\n    citation: c\n    members: [{ code: MO }]\n'), 'c.yaml'),
    ).toThrow(/c\.yaml: groups\.g\.members\[0\]\.code: MO is not in the country list/);
    expect(() => parseCountryTable(base('  - { code: CN, name: Cathay }\ngroups: {}\n'), 'c.yaml')).toThrow(
      /countries\[2\]\.code: duplicate code CN/,
    );
    expect(() =>
      parseCountryTable(
        base('groups:\n  g:\n    title: t\n    citation: c\n    colour: red\n    members: []\n'),
        'c.yaml',
      ),
    ).toThrow(/groups\.g.*colour/);
    expect(() => loadCountryTable('/nonexistent')).toThrow(/countries\.yaml: cannot read/);
  });
});
