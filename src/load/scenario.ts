// Reads a scenario file (law/scenarios/*.yaml: name, description, changes) and validates it: closed key sets per
// kind of change, dates, headings, rates. Errors name the file, the change by index and the key, e.g.
// `law/scenarios/x.yaml: changes[1].add.rate: "24" is not a rate ...`. Checks that need the law (country codes,
// lists, a change matching no measure) are made when the scenario is applied (src/core/law/scenario.ts).
import { readFileSync } from 'node:fs';
import { MEASURE_AUTHORITIES } from '../core/law/types.js';
import { relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import {
  parseScenarioRate,
  RATE_ACCEPTED,
  ScenarioError,
  type Scenario,
  type ScenarioChange,
} from '../core/law/scenario.js';
import type { CountryScope, MeasureRate, ProductScope } from '../core/law/types.js';
import type { IsoDate } from '../core/time/date.js';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .transform((s) => s as IsoDate);
const heading = z.string().regex(/^99\d\d\.\d\d\.\d\d$/, 'a Chapter 99 heading like 9903.01.25');
const iso = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. JP');
const authority = z.enum(MEASURE_AUTHORITIES);
const rate = z.string().transform((s, ctx): MeasureRate => {
  const r = parseScenarioRate(s);
  if (!r) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a rate: give ${RATE_ACCEPTED}` });
    return z.NEVER;
  }
  return r;
});
const prefix = z
  .union([z.string(), z.number()])
  .transform((x) => String(x).replace(/[.\s]/g, ''))
  .refine((x) => /^\d{2,10}$/.test(x), 'an HTS prefix of 2 to 10 digits');
const products = z.union([
  z.literal('all'),
  z.array(prefix).min(1),
  z.strictObject({
    all: z.boolean().optional(),
    prefixes: z.array(prefix).optional(),
    lists: z.array(z.string()).optional(),
    except: z.strictObject({ prefixes: z.array(prefix).optional(), lists: z.array(z.string()).optional() }).optional(),
  }),
]);

const endSchema = z.strictObject({
  heading: heading.optional(),
  authority: authority.optional(),
  program: z.string().optional(),
  countries: z.array(iso).min(1).optional(),
  from: date,
  to: date.optional(),
});
const addSchema = z.strictObject({
  authority,
  heading,
  countries: z.union([z.literal('all'), z.array(iso).min(1)]).optional(),
  groups: z.array(z.string()).min(1).optional(),
  products: products.optional(),
  rate,
  from: date,
  to: date.optional(),
  citation: z.string().min(1),
  program: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'a program id like ieepa-reciprocal')
    .optional(),
  title: z.string().optional(),
  /** Only for entries reported under a heading of this heading set (law/heading-sets.yaml). */
  reportedUnder: z.string().optional(),
});
const setSchema = z.strictObject({
  heading,
  rate,
  from: date,
  to: date.optional(),
  countries: z.array(iso).min(1).optional(),
  citation: z.string().optional(),
});
const fileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  changes: z.array(z.unknown()).min(1),
});

function keyOf(prefix: string, i: z.core.$ZodIssue): string {
  const path = [...i.path, ...(i.code === 'unrecognized_keys' ? i.keys : [])];
  return path.reduce<string>(
    (k, p) => (typeof p === 'number' ? `${k}[${p}]` : k ? `${k}.${String(p)}` : String(p)),
    prefix,
  );
}

function toProducts(p: z.infer<typeof products> | undefined): ProductScope {
  if (p === undefined || p === 'all') return { all: true };
  if (Array.isArray(p)) return { prefixes: p };
  return p;
}

/** Validates a parsed scenario document; `source` names it in errors. */
export function parseScenario(doc: unknown, source: string): Scenario {
  const top = fileSchema.safeParse(doc);
  if (!top.success) {
    const i = top.error.issues[0]!;
    throw new ScenarioError(source, keyOf('', i) || '(file)', i.message, 'name, description and changes');
  }
  const changes: ScenarioChange[] = top.data.changes.map((raw, n): ScenarioChange => {
    const at = `changes[${n}]`;
    const kinds = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
    const kind = kinds[0];
    if (kinds.length !== 1 || (kind !== 'end' && kind !== 'add' && kind !== 'set'))
      throw new ScenarioError(
        source,
        at,
        `give exactly one of end, add, set${kinds.length ? ` (found ${kinds.join(', ')})` : ''}`,
        'end: {...}, add: {...} or set: {...}',
      );
    const body = (raw as Record<string, unknown>)[kind];
    const key = `${at}.${kind}`;
    const fail = (i: z.core.$ZodIssue): never => {
      throw new ScenarioError(source, keyOf(key, i), i.message);
    };
    const window = (from: IsoDate, to: IsoDate | undefined) => {
      if (to !== undefined && to <= from)
        throw new ScenarioError(source, `${key}.to`, `${to} is not after from ${from}`);
    };
    if (kind === 'end') {
      const r = endSchema.safeParse(body);
      if (!r.success) return fail(r.error.issues[0]!);
      const e = r.data;
      if (e.heading === undefined && e.authority === undefined && e.program === undefined)
        throw new ScenarioError(source, key, 'name the measures to end: heading, authority or program');
      window(e.from, e.to);
      return {
        kind: 'end',
        from: e.from,
        ...(e.to ? { to: e.to } : {}),
        ...(e.heading ? { heading: e.heading } : {}),
        ...(e.authority ? { authority: e.authority } : {}),
        ...(e.program ? { program: e.program } : {}),
        ...(e.countries ? { countries: e.countries } : {}),
      };
    }
    if (kind === 'add') {
      const r = addSchema.safeParse(body);
      if (!r.success) return fail(r.error.issues[0]!);
      const a = r.data;
      window(a.from, a.to);
      const countries: CountryScope | undefined =
        (a.countries === undefined || a.countries === 'all') && !a.groups
          ? undefined
          : {
              ...(Array.isArray(a.countries) ? { codes: a.countries } : {}),
              ...(a.groups ? { groups: a.groups } : {}),
            };
      return {
        kind: 'add',
        authority: a.authority,
        heading: a.heading,
        ...(countries ? { countries } : {}),
        products: toProducts(a.products),
        rate: a.rate,
        from: a.from,
        ...(a.to ? { to: a.to } : {}),
        citation: a.citation,
        ...(a.program ? { program: a.program } : {}),
        ...(a.title ? { title: a.title } : {}),
        ...(a.reportedUnder ? { reportedUnder: a.reportedUnder } : {}),
      };
    }
    const r = setSchema.safeParse(body);
    if (!r.success) return fail(r.error.issues[0]!);
    const s = r.data;
    window(s.from, s.to);
    return {
      kind: 'set',
      heading: s.heading,
      rate: s.rate,
      from: s.from,
      ...(s.to ? { to: s.to } : {}),
      ...(s.countries ? { countries: s.countries } : {}),
      ...(s.citation ? { citation: s.citation } : {}),
    };
  });
  return {
    name: top.data.name,
    ...(top.data.description ? { description: top.data.description } : {}),
    changes,
    source,
  };
}

/** Reads and validates a scenario file; errors name it relative to the working directory. */
export function loadScenario(file: string, cwd = process.cwd()): Scenario {
  const r = relative(cwd, file);
  const rel = r && !r.startsWith('..') ? r : file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(
      'scenario',
      file,
      `${file}: ${(e as Error).message}`,
      'a scenario file, e.g. law/scenarios/japan-no-pause.yaml',
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ScenarioError(rel, '(file)', `not valid YAML: ${(e as Error).message}`);
  }
  return parseScenario(doc, rel);
}
