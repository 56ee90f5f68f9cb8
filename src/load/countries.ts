// Reads law/countries.yaml: the ISO country list (names, aliases, Census codes) and the dated country groups.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  normalizeCountryName,
  type Country,
  type CountryGroup,
  type CountryTable,
  type GroupMember,
} from '../core/law/countries.js';
import { isIsoDate, type IsoDate } from '../core/time/date.js';

const Code = z.string().regex(/^[A-Z]{2}$/, 'must be 2 uppercase letters (ISO 3166-1 alpha-2)');
const Day = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD (quote it in YAML)');

const CountrySchema = z.strictObject({
  code: Code,
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  census: z
    .string()
    .regex(/^\d{4}$/, 'must be a 4-digit Census code (quote it in YAML)')
    .optional(),
});

const MemberSchema = z
  .strictObject({ code: Code, from: Day.optional(), to: Day.optional() })
  .refine((m) => !m.from || !m.to || m.from < m.to, { message: '`from` must be before `to`', path: ['to'] });

const GroupSchema = z.strictObject({
  title: z.string().min(1),
  citation: z.string().min(1),
  /** Free-text remark (e.g. why a list is empty); not carried into the table. */
  note: z.string().optional(),
  members: z.array(MemberSchema),
});

const FileSchema = z.strictObject({
  countries: z.array(CountrySchema).min(1),
  groups: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'group names are lowercase-kebab'), GroupSchema),
});

function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

/** Parses and validates the text of countries.yaml; `file` names the source in error messages. */
export function parseCountryTable(text: string, file: string): CountryTable {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new Error(`${file}: invalid YAML: ${(e as Error).message}`);
  }
  const r = FileSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 10).map((i) => `${file}: ${keyPath(i.path)}: ${i.message}`);
    if (r.error.issues.length > 10) lines.push(`${file}: ... and ${r.error.issues.length - 10} more`);
    throw new Error(lines.join('\n'));
  }
  const data = r.data;
  const problems: string[] = [];

  const countries = new Map<string, Country>();
  const names = new Map<string, string>();
  const census = new Map<string, string>();
  data.countries.forEach((c, i) => {
    const at = `countries[${i}]`;
    if (countries.has(c.code)) problems.push(`${at}.code: duplicate code ${c.code}`);
    for (const n of [c.name, ...(c.aliases ?? [])]) {
      const k = normalizeCountryName(n);
      const other = names.get(k);
      if (other && other !== c.code) problems.push(`${at}: name "${n}" is already used by ${other}`);
      else names.set(k, c.code);
    }
    if (c.census) {
      const other = census.get(c.census);
      if (other) problems.push(`${at}.census: Census code ${c.census} is already used by ${other}`);
      else census.set(c.census, c.code);
    }
    const country: Country = { code: c.code, name: c.name };
    if (c.aliases?.length) country.aliases = c.aliases;
    if (c.census) country.census = c.census;
    countries.set(c.code, country);
  });

  const groups = new Map<string, CountryGroup>();
  for (const [name, g] of Object.entries(data.groups)) {
    const members: GroupMember[] = [];
    g.members.forEach((m, i) => {
      const at = `groups.${name}.members[${i}]`;
      if (!countries.has(m.code)) problems.push(`${at}.code: ${m.code} is not in the country list`);
      if (g.members.some((o, j) => j < i && o.code === m.code && !o.from && !o.to && !m.from && !m.to)) {
        problems.push(`${at}.code: ${m.code} is listed twice`);
      }
      const member: GroupMember = { code: m.code };
      if (m.from) member.from = m.from as IsoDate;
      if (m.to) member.to = m.to as IsoDate;
      members.push(member);
    });
    groups.set(name, { name, title: g.title, citation: g.citation, members });
  }

  if (problems.length) throw new Error(problems.map((p) => `${file}: ${p}`).join('\n'));
  return { countries, groups };
}

/** Loads `<lawDir>/countries.yaml`. Throws an Error naming the file and the key path on any problem. */
export function loadCountryTable(lawDir: string): CountryTable {
  const file = join(lawDir, 'countries.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  return parseCountryTable(text, file);
}
