// Reads the law records (law/**/*.yaml), validates them (closed key sets; every dated value cites a reference),
// resolves them into the core's types, and checks the program graph: dependencies acyclic, ids resolve,
// precedence groups well formed. Errors name the file and the key.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MEASURE_AUTHORITIES } from '../core/law/types.js';
import { inHeadingSet } from '../core/law/heading-sets.js';
import type {
  Authority,
  Candidate,
  Claim,
  Conditions,
  CountryScope,
  DatedRate,
  HeadingSet,
  Law,
  MeasureRate,
  PrecedenceGroup,
  ProductScope,
  Program,
  Prohibition,
  Reference,
  SpecialProgram,
} from '../core/law/types.js';
import type { IsoDate } from '../core/time/date.js';
import type { CountryTable } from '../core/law/countries.js';
import type { ProductList } from '../core/law/products.js';

export class LawError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    message: string,
  ) {
    super(`${file}: ${key ? `${key}: ` : ''}${message}`);
    this.name = 'LawError';
  }
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const heading = z.string().regex(/^99\d\d\.\d\d\.\d\d$/, 'a Chapter 99 heading like 9903.01.25');
const percent = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]).transform(String);
const prefix = z
  .union([z.string(), z.number()])
  .transform((x) => String(x).replace(/[.\s]/g, ''))
  .refine((x) => /^\d{2,10}$/.test(x), 'an HTS prefix of 2 to 10 digits');

const referenceSchema = z.strictObject({ title: z.string(), fr: z.string().optional(), url: z.string().optional() });

const price = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]).transform(String);
const authoritySchema = z.enum(MEASURE_AUTHORITIES);

const rateSchema = z.strictObject({
  from: date,
  to: date.optional(),
  add: percent.optional(),
  minimumPrice: z.strictObject({ price, unit: z.enum(['kg', 'W']) }).optional(),
  floor: percent.optional(),
  none: z.literal(true).optional(),
  content: z.enum(['steel', 'aluminum', 'copper']).optional(),
  nonUsContent: z.literal(true).optional(),
  ref: z.string(),
  published: date.optional(),
  toPublished: date.optional(),
});

const countriesSchema = z.union([
  z.array(z.string().regex(/^[A-Z]{2}$/)),
  z.string(),
  z.strictObject({
    codes: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
    groups: z.array(z.string()).optional(),
    except: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
    exceptGroups: z.array(z.string()).optional(),
  }),
]);

const productsSchema = z.union([
  z.literal('all'),
  z.array(prefix),
  z.strictObject({
    all: z.boolean().optional(),
    prefixes: z.array(prefix).optional(),
    lists: z.array(z.string()).optional(),
    except: z.strictObject({ prefixes: z.array(prefix).optional(), lists: z.array(z.string()).optional() }).optional(),
  }),
]);

const whenSchema = z.strictObject({
  loadedBefore: date.optional(),
  enteredBefore: date.optional(),
  programClaimed: z.array(z.string()).optional(),
  mfnAtLeast: z.number().optional(),
  mfnBelow: z.number().optional(),
  subjectTo: z.strictObject({ authority: z.union([authoritySchema, z.array(authoritySchema).min(1)]) }).optional(),
  reportedUnder: z.string().optional(),
  usContentAtLeast: z.number().optional(),
  claim: z.array(z.string()).optional(),
  notClaimed: z.array(z.string()).optional(),
  quota: z.enum(['in', 'over']).optional(),
});

const candidateSchema = z.strictObject({
  id: z.string().optional(),
  heading,
  title: z.string(),
  countries: countriesSchema.optional(),
  products: productsSchema.optional(),
  when: whenSchema.optional(),
  share: z.literal('remainder').optional(),
  rates: z.array(rateSchema).min(1),
  notModelled: z.array(z.string()).optional(),
});

const programSchema = z.strictObject({
  program: z.string().regex(/^[a-z0-9-]+$/),
  authority: authoritySchema,
  title: z.string(),
  description: z.string().optional(),
  references: z.record(z.string(), referenceSchema).optional(),
  notModelled: z.array(z.string()).optional(),
  usContentRule: z.strictObject({ heading, threshold: z.number(), ref: z.string() }).optional(),
  candidates: z.array(candidateSchema).min(1),
});

const prohibitionsSchema = z.strictObject({
  prohibitions: z.string().regex(/^[a-z0-9-]+$/),
  authority: authoritySchema,
  title: z.string(),
  references: z.record(z.string(), referenceSchema).optional(),
  notModelled: z.array(z.string()).optional(),
  records: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9/-]+$/),
        title: z.string(),
        heading: heading.optional(),
        countries: countriesSchema.optional(),
        products: productsSchema,
        importedFrom: date,
        importedTo: date.optional(),
        notClaimed: z.array(z.string()).optional(),
        ref: z.string(),
        notModelled: z.array(z.string()).optional(),
      }),
    )
    .min(1),
});

const headingOrRange = z
  .string()
  .regex(/^99\d\d\.\d\d\.\d\d(-99\d\d\.\d\d\.\d\d)?$/, 'a heading or a range like 9903.82.04-9903.82.26');

const headingSetsSchema = z.strictObject({
  references: z.record(z.string(), referenceSchema).optional(),
  sets: z.array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9-]+$/),
      title: z.string(),
      ref: z.string(),
      authority: authoritySchema.optional(),
      headings: z
        .array(
          z.union([
            headingOrRange,
            z.strictObject({ headings: z.array(headingOrRange).min(1), from: date.optional(), to: date.optional() }),
          ]),
        )
        .min(1),
      notCovered: z.array(z.strictObject({ program: z.string(), reason: z.string().min(1) })).optional(),
    }),
  ),
});

const precedenceSchema = z.strictObject({
  references: z.record(z.string(), referenceSchema).optional(),
  precedence: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      from: date,
      to: date.optional(),
      tiers: z.array(z.array(z.string()).min(1)).min(2),
      ref: z.string(),
    }),
  ),
});

const claimsSchema = z.strictObject({
  claims: z.array(
    z.strictObject({
      code: z.string().regex(/^[a-z0-9-]+$/),
      title: z.string(),
      requires: z.string(),
      impliedFor: z
        .array(z.string().regex(/^\d{4,10}$/))
        .min(1)
        .optional(),
      impliedWhy: z.string().min(1).optional(),
    }),
  ),
});

const specialSchema = z.strictObject({
  references: z.record(z.string(), referenceSchema).optional(),
  programs: z.array(
    z.strictObject({
      code: z.string(),
      title: z.string(),
      countries: z.array(z.string().regex(/^[A-Z]{2}$/)),
      from: date.optional(),
      to: date.optional(),
      note: z.string().optional(),
    }),
  ),
});

function issuePath(path: PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

function readYaml(file: string, rel: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LawError(rel, '', `not valid YAML: ${(e as Error).message}`);
  }
}

function parseFile<T>(file: string, rel: string, schema: z.ZodType<T>, doc = readYaml(file, rel)): T {
  const r = schema.safeParse(doc);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new LawError(rel, issuePath(i.path), i.message);
  }
  return r.data;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'scenarios' && name !== 'fees' && name !== 'lists') out.push(...yamlFiles(p));
    } else if (name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

function toRate(r: z.infer<typeof rateSchema>, rel: string, key: string): MeasureRate {
  const kinds = [
    r.add !== undefined && !r.content && !r.nonUsContent,
    r.floor !== undefined,
    r.none,
    r.content !== undefined,
    r.nonUsContent,
    r.minimumPrice !== undefined,
  ].filter(Boolean);
  if (kinds.length !== 1)
    throw new LawError(
      rel,
      key,
      'give exactly one of add, floor, none, content (+ add), nonUsContent (+ add), minimumPrice',
    );
  if (r.none) return { kind: 'none' };
  if (r.minimumPrice) return { kind: 'minimumPrice', price: r.minimumPrice.price, unit: r.minimumPrice.unit };
  if (r.floor !== undefined) return { kind: 'floor', percent: r.floor };
  if (r.content) {
    if (r.add === undefined) throw new LawError(rel, key, 'content needs add: the percent charged on the content');
    return { kind: 'content', percent: r.add, content: r.content };
  }
  if (r.nonUsContent) {
    if (r.add === undefined) throw new LawError(rel, key, 'nonUsContent needs add');
    return { kind: 'nonUsContent', percent: r.add };
  }
  return { kind: 'add', percent: r.add! };
}

function toCountries(c: z.infer<typeof countriesSchema> | undefined): CountryScope | undefined {
  if (c === undefined) return undefined;
  if (typeof c === 'string') return { groups: [c] };
  if (Array.isArray(c)) return { codes: c };
  return c;
}

function toConditions(w: z.infer<typeof whenSchema>): Conditions {
  const { subjectTo, ...rest } = w;
  return {
    ...(rest as Omit<Conditions, 'subjectTo'>),
    ...(subjectTo
      ? {
          subjectTo: {
            authority: (Array.isArray(subjectTo.authority)
              ? subjectTo.authority
              : [subjectTo.authority]) as Authority[],
          },
        }
      : {}),
  };
}

/**
 * Programs of an authority that a heading set neither names (no candidate heading in it) nor lists as not covered:
 * each is a decision nobody made (a new program the note may or may not reach). Empty when all is decided.
 */
export function undecidedCoverage(law: Law): { set: string; program: string }[] {
  const out: { set: string; program: string }[] = [];
  for (const hs of law.headingSets.values()) {
    if (!hs.authority) continue;
    for (const p of law.programs) {
      if (p.authority !== hs.authority) continue;
      const named = p.candidates.some((c) => inHeadingSet(hs, c.heading));
      const excused = hs.notCovered.some((n) => n.program === p.id);
      if (named === excused) out.push({ set: hs.id, program: p.id });
    }
  }
  return out;
}

function toProducts(p: z.infer<typeof productsSchema> | undefined): ProductScope | undefined {
  if (p === undefined) return undefined;
  if (p === 'all') return { all: true };
  if (Array.isArray(p)) return { prefixes: p };
  return p;
}

export interface LoadLawOptions {
  lawDir: string;
  countries: CountryTable;
  lists: Map<string, ProductList>;
  /** First publication date of a heading in the HTS (for the as-published reading); null if never published. */
  firstPublished?: (heading: string) => IsoDate | null;
}

export function loadLaw(opts: LoadLawOptions): Law {
  const references = new Map<string, Reference>();
  const addRefs = (refs: Record<string, z.infer<typeof referenceSchema>> | undefined, rel: string) => {
    for (const [id, r] of Object.entries(refs ?? {})) {
      const prev = references.get(id);
      if (prev && JSON.stringify({ ...prev, id: undefined }) !== JSON.stringify({ ...r, id: undefined }))
        throw new LawError(rel, `references.${id}`, `reference ${id} is defined differently elsewhere`);
      references.set(id, { id, ...r });
    }
  };
  const programs: Program[] = [];
  const prohibitions: Prohibition[] = [];
  const headingSets = new Map<string, HeadingSet>();
  let precedence: PrecedenceGroup[] = [];
  const specialPrograms = new Map<string, SpecialProgram>();
  const claims = new Map<string, Claim>();
  const refUses: { rel: string; key: string; ref: string }[] = [];
  const seenIds = new Map<string, string>();

  for (const file of yamlFiles(opts.lawDir)) {
    const rel = relative(opts.lawDir, file);
    if (rel === 'countries.yaml' || rel === 'lists.yaml') continue;
    if (rel === 'references.yaml') {
      addRefs(
        parseFile(file, rel, z.strictObject({ references: z.record(z.string(), referenceSchema) })).references,
        rel,
      );
      continue;
    }
    if (rel === 'precedence.yaml') {
      const d = parseFile(file, rel, precedenceSchema);
      addRefs(d.references, rel);
      precedence = d.precedence.map(
        (g) => ({ ...g, from: g.from as IsoDate, to: g.to as IsoDate | undefined }) as PrecedenceGroup,
      );
      d.precedence.forEach((g, i) => refUses.push({ rel, key: `precedence[${i}].ref`, ref: g.ref }));
      continue;
    }
    if (rel === 'heading-sets.yaml') {
      const d = parseFile(file, rel, headingSetsSchema);
      addRefs(d.references, rel);
      d.sets.forEach((hs, i) => {
        if (headingSets.has(hs.id)) throw new LawError(rel, `sets[${i}].id`, `heading set ${hs.id} is defined twice`);
        refUses.push({ rel, key: `sets[${i}].ref`, ref: hs.ref });
        const members: HeadingSet['members'] = [];
        for (const m of hs.headings) {
          const group = typeof m === 'string' ? { headings: [m] } : m;
          for (const h of group.headings) {
            const [first, last = first] = h.split('-') as [string, string?];
            if (last < first) throw new LawError(rel, `sets[${i}].headings`, `range ${h} is reversed`);
            members.push({
              first,
              last,
              ...(typeof m !== 'string' && m.from ? { from: m.from as IsoDate } : {}),
              ...(typeof m !== 'string' && m.to ? { to: m.to as IsoDate } : {}),
            });
          }
        }
        headingSets.set(hs.id, {
          id: hs.id,
          title: hs.title,
          ref: hs.ref,
          members,
          ...(hs.authority ? { authority: hs.authority } : {}),
          notCovered: hs.notCovered ?? [],
        });
      });
      continue;
    }
    if (rel === 'claims.yaml') {
      for (const c of parseFile(file, rel, claimsSchema).claims) claims.set(c.code, c);
      continue;
    }
    if (rel === 'special-programs.yaml') {
      const d = parseFile(file, rel, specialSchema);
      addRefs(d.references, rel);
      for (const sp of d.programs) specialPrograms.set(sp.code, sp as SpecialProgram);
      continue;
    }
    const doc = readYaml(file, rel);
    if (doc && typeof doc === 'object' && 'prohibitions' in doc) {
      const d = parseFile(file, rel, prohibitionsSchema, doc);
      addRefs(d.references, rel);
      d.records.forEach((b, i) => {
        const key = `records[${i}]`;
        if (seenIds.has(b.id))
          throw new LawError(rel, `${key}.id`, `measure id ${b.id} is also used in ${seenIds.get(b.id)}`);
        seenIds.set(b.id, rel);
        refUses.push({ rel, key: `${key}.ref`, ref: b.ref });
        if (b.importedTo && b.importedTo <= b.importedFrom)
          throw new LawError(rel, `${key}.importedTo`, `${b.importedTo} is not after importedFrom ${b.importedFrom}`);
        const countries = toCountries(b.countries);
        prohibitions.push({
          id: b.id,
          authority: d.authority,
          title: b.title,
          ...(b.heading ? { heading: b.heading } : {}),
          importedFrom: b.importedFrom as IsoDate,
          ...(b.importedTo ? { importedTo: b.importedTo as IsoDate } : {}),
          ...(countries ? { countries } : {}),
          products: toProducts(b.products)!,
          ...(b.notClaimed ? { notClaimed: b.notClaimed } : {}),
          ref: b.ref,
          file: rel,
          notModelled: [...(d.notModelled ?? []), ...(b.notModelled ?? [])],
        });
      });
      continue;
    }
    const d = parseFile(file, rel, programSchema, doc);
    addRefs(d.references, rel);
    if (programs.some((p) => p.id === d.program))
      throw new LawError(rel, 'program', `program ${d.program} is defined twice`);
    const candidates: Candidate[] = d.candidates.map((c, ci) => {
      const key = `candidates[${ci}]`;
      const id = c.id ?? `${d.program}/${c.heading}`;
      if (seenIds.has(id))
        throw new LawError(rel, `${key}.id`, `measure id ${id} is also used in ${seenIds.get(id)}; give an id`);
      seenIds.set(id, rel);
      const rates: DatedRate[] = c.rates.map((r, ri) => {
        refUses.push({ rel, key: `${key}.rates[${ri}].ref`, ref: r.ref });
        if (r.to && r.to <= r.from)
          throw new LawError(rel, `${key}.rates[${ri}]`, `to ${r.to} is not after from ${r.from}`);
        return {
          from: r.from as IsoDate,
          ...(r.to ? { to: r.to as IsoDate } : {}),
          rate: toRate(r, rel, `${key}.rates[${ri}]`),
          ref: r.ref,
          ...(r.published ? { published: r.published as IsoDate } : {}),
          ...(r.toPublished ? { toPublished: r.toPublished as IsoDate } : {}),
        };
      });
      // Dated values of one measure never overlap.
      const sorted = [...rates].sort((a, b) => (a.from < b.from ? -1 : 1));
      for (let i = 1; i < sorted.length; i++)
        if (!sorted[i - 1]!.to || sorted[i - 1]!.to! > sorted[i]!.from)
          throw new LawError(rel, `${key}.rates`, `windows overlap at ${sorted[i]!.from}`);
      const fp = opts.firstPublished?.(c.heading) ?? null;
      const awaitingPrint = !!opts.firstPublished && fp === null;
      const countries = toCountries(c.countries);
      const products = toProducts(c.products);
      return {
        id,
        heading: c.heading,
        title: c.title,
        rates: sorted,
        ...(countries ? { countries } : {}),
        ...(products ? { products } : {}),
        ...(c.when ? { when: toConditions(c.when) } : {}),
        ...(c.share ? { share: c.share } : {}),
        ...(c.notModelled ? { notModelled: c.notModelled } : {}),
        ...(fp ? { firstPublished: fp } : {}),
        ...(awaitingPrint ? { awaitingPrint } : {}),
      };
    });
    if (d.usContentRule) refUses.push({ rel, key: 'usContentRule.ref', ref: d.usContentRule.ref });
    programs.push({
      id: d.program,
      authority: d.authority,
      title: d.title,
      file: rel,
      candidates,
      dependsOn: [],
      notModelled: d.notModelled ?? [],
      ...(d.usContentRule ? { usContentRule: d.usContentRule } : {}),
    });
  }

  // Every citation resolves.
  for (const u of refUses)
    if (!references.has(u.ref)) throw new LawError(u.rel, u.key, `reference ${u.ref} is not defined`);
  // Every list, group, country and claim a scope names resolves (candidates and prohibitions alike).
  const checkScope = (
    file: string,
    key: string,
    scope: { countries?: CountryScope; products?: ProductScope },
    claims_: { key: string; names: string[] },
  ) => {
    const { countries, products } = scope;
    for (const l of [...(products?.lists ?? []), ...(products?.except?.lists ?? [])])
      if (!opts.lists.has(l))
        throw new LawError(file, `${key}.products`, `product list ${l} is not declared in law/lists.yaml`);
      else if (opts.lists.get(l)!.comparisonOnly)
        throw new LawError(
          file,
          `${key}.products`,
          `product list ${l} is a comparison convention (comparisonOnly): no note defines it, so no law record may use it`,
        );
    for (const g of [...(countries?.groups ?? []), ...(countries?.exceptGroups ?? [])])
      if (!opts.countries.groups.has(g))
        throw new LawError(file, `${key}.countries`, `country group ${g} is not in law/countries.yaml`);
    for (const code of [...(countries?.codes ?? []), ...(countries?.except ?? [])])
      if (!opts.countries.countries.has(code))
        throw new LawError(file, `${key}.countries`, `${code} is not an ISO country code`);
    for (const cl of claims_.names)
      if (!claims.has(cl)) throw new LawError(file, claims_.key, `claim ${cl} is not in law/claims.yaml`);
  };
  for (const p of programs)
    p.candidates.forEach((c, ci) => {
      checkScope(p.file, `candidates[${ci}]`, c, {
        key: `candidates[${ci}].when`,
        names: [...(c.when?.claim ?? []), ...(c.when?.notClaimed ?? [])],
      });
      const set = c.when?.reportedUnder;
      if (set !== undefined && !headingSets.has(set))
        throw new LawError(
          p.file,
          `candidates[${ci}].when.reportedUnder`,
          `heading set ${set} is not in law/heading-sets.yaml`,
        );
    });
  prohibitions.forEach((b) => checkScope(b.file, b.id, b, { key: `${b.id}.notClaimed`, names: b.notClaimed ?? [] }));
  // What each program reads, resolved here once: every program of a subjectTo authority (a new program of that
  // authority is seen without editing the readers), and every program reporting a heading of a reportedUnder set.
  for (const p of programs) {
    const deps = new Set<string>();
    for (const c of p.candidates) {
      for (const q of programs) {
        if (q === p) continue;
        if (c.when?.subjectTo?.authority.includes(q.authority)) deps.add(q.id);
        const set = c.when?.reportedUnder ? headingSets.get(c.when.reportedUnder)! : null;
        if (set && q.candidates.some((qc) => inHeadingSet(set, qc.heading))) deps.add(q.id);
      }
    }
    p.dependsOn = [...deps];
  }
  for (const hs of headingSets.values())
    for (const nc of hs.notCovered) {
      const q = programs.find((x) => x.id === nc.program);
      if (!q) throw new LawError('heading-sets.yaml', hs.id, `notCovered: program ${nc.program} does not exist`);
      if (hs.authority && q.authority !== hs.authority)
        throw new LawError(
          'heading-sets.yaml',
          hs.id,
          `notCovered: program ${nc.program} is not of authority ${hs.authority}`,
        );
    }
  for (const g of precedence) {
    const all = g.tiers.flat();
    for (const id of all)
      if (!programs.some((p) => p.id === id))
        throw new LawError('precedence.yaml', g.id, `program ${id} does not exist`);
    if (new Set(all).size !== all.length) throw new LawError('precedence.yaml', g.id, 'a program appears in two tiers');
  }
  return {
    programs: topoSort(programs),
    prohibitions,
    headingSets,
    precedence,
    references,
    lists: opts.lists,
    countries: opts.countries,
    specialPrograms,
    claims,
    warnings: [],
  };
}

/** Dependencies first; a cycle is an error that names it. */
export function topoSort(programs: Program[]): Program[] {
  const byId = new Map(programs.map((p) => [p.id, p]));
  const out: Program[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: Program, path: string[]) => {
    const s = state.get(p.id);
    if (s === 'done') return;
    if (s === 'visiting')
      throw new LawError(p.file, 'when.subjectTo', `dependency cycle: ${[...path, p.id].join(' -> ')}`);
    state.set(p.id, 'visiting');
    for (const d of p.dependsOn) visit(byId.get(d)!, [...path, p.id]);
    state.set(p.id, 'done');
    out.push(p);
  };
  for (const p of programs) visit(p, []);
  return out;
}
