// Reads law/fees/fees.yaml (MPF and HMF rates and bounds with their citations).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { FeeSchedule } from '../core/entries/fees.js';
import type { IsoDate } from '../core/time/date.js';
import { LawError } from './law.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const money = z.string().regex(/^\d+(\.\d{1,2})?$/);
const schema = z.strictObject({
  references: z.record(
    z.string(),
    z.strictObject({ title: z.string(), fr: z.string().optional(), url: z.string().optional() }),
  ),
  mpf: z.strictObject({
    percent: z.string(),
    ref: z.string(),
    fiscalYears: z.array(z.strictObject({ from: date, to: date, minimum: money, maximum: money, ref: z.string() })),
  }),
  hmf: z.strictObject({ percent: z.string(), transport: z.array(z.string()), ref: z.string() }),
  interest: z.strictObject({ modelled: z.boolean(), note: z.string() }),
});

export function loadFees(lawDir: string): FeeSchedule {
  const rel = 'fees/fees.yaml';
  const r = schema.safeParse(parseYaml(readFileSync(join(lawDir, rel), 'utf8')));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new LawError(rel, i.path.join('.'), i.message);
  }
  const d = r.data;
  const refs = new Map(Object.entries(d.references).map(([k, v]) => [k, v.fr ? `${v.title}, ${v.fr}` : v.title]));
  for (const ref of [d.mpf.ref, d.hmf.ref, ...d.mpf.fiscalYears.map((y) => y.ref)])
    if (!refs.has(ref)) throw new LawError(rel, 'ref', `reference ${ref} is not defined`);
  return {
    mpf: {
      ...d.mpf,
      fiscalYears: d.mpf.fiscalYears.map((y) => ({ ...y, from: y.from as IsoDate, to: y.to as IsoDate })),
    },
    hmf: d.hmf,
    interestNote: d.interest.note,
    references: refs,
  };
}
