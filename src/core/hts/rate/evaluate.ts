// One evaluator per rate kind. Every evaluator is exact (decimal.js, no floating point) and explains itself:
// it returns the unrounded duty in dollars, a human formula, the ad valorem equivalent, what was missing and notes.
// Rounding happens only when a duty component is reported (roundCents, half-up to the cent; see money.ts).
import { D, dec, formatUsdHuman, type Dec } from '../../money/money.js';
import {
  PER_THOUSAND_UNITS,
  type AdValorem,
  type RateExpr,
  type Special,
  type SpecialGroup,
  type Specific,
  type Term,
  type UnitId,
} from './ast.js';
import { printAmount, printRate, printUnit } from './print.js';

export interface RateFacts {
  /** Customs value in USD. */
  value?: Dec;
  /** Quantities keyed by unit id ("liter", "pf.liter", "kg"), or by "<unit> <qualifier>" ("kg on copper content").
   *  For per-thousand units ("1000", "thousand", "1000 pins") the quantity counts articles, not thousands. */
  quantities?: Record<string, Dec>;
  /** A single quantity, used when the rate needs exactly one unit. */
  quantity?: Dec;
  /** Degrees of polarization (sugar sliding scale). */
  degrees?: Dec;
  /** Result of the underlying line's rate, required by the Chapter 99 `applicable` kinds. */
  base?: RateEvaluation;
  /** Value in USD of the steel/aluminum/copper/... content, keyed by the content word(s) of the rate. */
  contentValue?: Record<string, Dec>;
  /** Value in USD of the part an ad valorem qualifier names ("on the case", "on the battery", "the fair retail
   *  value"), keyed by the qualifier text as it appears in the AST. */
  basisValues?: Record<string, Dec>;
  /** The special program claimed ("S+", "JP"): picks the group of a `special` rate that lists it. */
  program?: string;
}

export interface RateEvaluation {
  /** Exact, unrounded duty in dollars; null when a needed fact is missing or the rate is no formula. */
  duty: Dec | null;
  formula: string;
  /** Percent: duty / value × 100, when the duty is known and value > 0. */
  adValoremEquivalent: Dec | null;
  missing: string[];
  notes: string[];
}

interface Part {
  duty: Dec | null;
  formula: string;
  missing: string[];
  notes: string[];
}

/** Qualifiers that mean the whole customs value. */
const WHOLE_VALUE = new Set(['on the entire set', 'on the full value of the imported article']);

function group3(intText: string): string {
  return intText.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1,000", "2.5": exact quantity text with thousands separators. */
export function formatQuantity(q: Dec): string {
  const [i, f] = q.toFixed().split('.') as [string, string | undefined];
  return f === undefined ? group3(i) : `${group3(i)}.${f}`;
}

/** Percent text to an exact decimal; "33 1/3" → 33.333… (40 significant digits). */
export function percentValue(p: string): Dec {
  const m = /^(\d+(?:\.\d+)?) (\d+)\/(\d+)$/.exec(p);
  if (m) return dec(m[1]!).plus(dec(m[2]!).div(dec(m[3]!)));
  return dec(p);
}

function unitsNeeded(e: RateExpr): UnitId[] {
  switch (e.kind) {
    case 'specific':
      return [e.unit];
    case 'compound':
      return e.terms.flatMap((t) => (t.kind === 'specific' ? [t.unit] : []));
    case 'slidingScale':
      return [e.base.unit];
    default:
      return [];
  }
}

function lookupQuantity(t: Specific, facts: RateFacts, single: boolean): { q: Dec | undefined; note?: string } {
  const qs = facts.quantities ?? {};
  if (t.basis !== undefined && qs[`${t.unit} ${t.basis}`] !== undefined) return { q: qs[`${t.unit} ${t.basis}`] };
  const byUnit = qs[t.unit] ?? (single ? facts.quantity : undefined);
  if (byUnit !== undefined && t.basis !== undefined) {
    return { q: byUnit, note: `the quantity in ${t.unit} is taken as measured ${t.basis}` };
  }
  return { q: byUnit };
}

function evalAdValorem(t: AdValorem, facts: RateFacts): Part {
  const pct = percentValue(t.percent);
  let base: Dec | undefined = facts.value;
  let label = 'value';
  if (t.basis !== undefined && !WHOLE_VALUE.has(t.basis)) {
    base = facts.basisValues?.[t.basis];
    label = `value ${t.basis}`;
  }
  if (base === undefined) return { duty: null, formula: `${t.percent}% × ?`, missing: [label], notes: [] };
  const duty = pct.div(100).times(base);
  const on = t.basis !== undefined ? ` (${t.basis})` : '';
  return {
    duty,
    formula: `${t.percent}% × ${formatUsdHuman(base)}${on} = ${formatUsdHuman(duty)}`,
    missing: [],
    notes: [],
  };
}

function specificDuty(rate: Dec, unit: UnitId, q: Dec): Dec {
  const d = rate.times(q);
  return PER_THOUSAND_UNITS.includes(unit) ? d.div(1000) : d;
}

function quantityText(unit: UnitId, q: Dec): string {
  if (PER_THOUSAND_UNITS.includes(unit)) return formatQuantity(q) + (unit === '1000 pins' ? ' pins' : '');
  if (unit === 'each' || unit === 'piece') return formatQuantity(q);
  return `${formatQuantity(q)} ${unit}`;
}

function evalSpecific(t: Specific, facts: RateFacts, single: boolean): Part {
  const rateText = `${printAmount(t)}${printUnit(t.unit)}`;
  const { q, note } = lookupQuantity(t, facts, single);
  if (q === undefined) {
    const what = t.basis !== undefined ? `quantity in ${t.unit} (${t.basis})` : `quantity in ${t.unit}`;
    return { duty: null, formula: `${rateText} × ?`, missing: [what], notes: [] };
  }
  const duty = specificDuty(dec(t.amount), t.unit, q);
  return {
    duty,
    formula: `${rateText} × ${quantityText(t.unit, q)} = ${formatUsdHuman(duty)}`,
    missing: [],
    notes: note ? [note] : [],
  };
}

function evalTerm(t: Term, facts: RateFacts, single: boolean): Part {
  return t.kind === 'adValorem' ? evalAdValorem(t, facts) : evalSpecific(t, facts, single);
}

function sum(parts: Part[]): Dec | null {
  let total = dec(0);
  for (const p of parts) {
    if (p.duty === null) return null;
    total = total.plus(p.duty);
  }
  return total;
}

function noFormula(e: RateExpr, why: string): Part {
  return { duty: null, formula: '', missing: [], notes: [why + (e.kind === 'none' ? '' : `: "${printRate(e)}"`)] };
}

function evalApplicable(e: Extract<RateExpr, { kind: 'applicable' }>, facts: RateFacts): Part {
  const notes: string[] = [];
  if (e.subheadings) notes.push(`the base duty is that of subheading(s) ${e.subheadings.join(', ')}`);
  const base = facts.base;
  if (!base) return { duty: null, formula: '', missing: ['duty of the applicable subheading'], notes };
  if (base.duty === null) {
    return {
      duty: null,
      formula: '',
      missing: base.missing.length ? base.missing : ['duty of the applicable subheading'],
      notes,
    };
  }
  const baseText = `${formatUsdHuman(base.duty)} (applicable subheading)`;
  if (e.plus || e.minus) {
    const p = (e.plus ?? e.minus)!.percent;
    if (facts.value === undefined) return { duty: null, formula: '', missing: ['value'], notes };
    const extra = percentValue(p).div(100).times(facts.value);
    if (e.plus) {
      const duty = base.duty.plus(extra);
      return {
        duty,
        formula: `${baseText} + ${p}% × ${formatUsdHuman(facts.value)} = ${formatUsdHuman(duty)}`,
        missing: [],
        notes,
      };
    }
    let duty = base.duty.minus(extra);
    if (duty.isNegative()) {
      duty = dec(0);
      notes.push('the reduction exceeds the base duty: duty is zero');
    }
    return {
      duty,
      formula: `${baseText} − ${p}% × ${formatUsdHuman(facts.value)} = ${formatUsdHuman(duty)}`,
      missing: [],
      notes,
    };
  }
  if (e.contentPlus) {
    const { percent, content } = e.contentPlus;
    const cv = facts.contentValue?.[content];
    if (cv === undefined) return { duty: null, formula: '', missing: [`value of the ${content} content`], notes };
    const duty = base.duty.plus(percentValue(percent).div(100).times(cv));
    return {
      duty,
      formula: `${baseText} + ${percent}% × ${formatUsdHuman(cv)} (${content} content) = ${formatUsdHuman(duty)}`,
      missing: [],
      notes,
    };
  }
  return { duty: base.duty, formula: `${baseText} = ${formatUsdHuman(base.duty)}`, missing: [], notes };
}

function programsText(programs: string[]): string {
  return `(${programs.join(',')})`;
}

/** A special-column rate: the group of the program claimed, or the only group; with several groups and no program
 *  claimed, the duty is unknown and the formula lists each program group's duty. */
function evalSpecial(e: Special, facts: RateFacts): Part {
  const listed = [...new Set(e.groups.flatMap((g) => g.programs))];
  const trailingNote =
    e.trailing !== undefined ? [`text after the program lists names no program: "${printRate(e.trailing)}"`] : [];
  let chosen: SpecialGroup | undefined;
  let why: string;
  if (facts.program !== undefined) {
    const program = facts.program;
    chosen = e.groups.find((g) => g.programs.includes(program));
    if (!chosen) {
      const note = `program ${program} is not listed (${listed.join(', ')}): the column 1 general rate applies`;
      return { duty: null, formula: '', missing: [], notes: [note, ...trailingNote] };
    }
    why = `the special rate of program ${program} ${programsText(chosen.programs)}`;
  } else if (e.groups.length === 1) {
    chosen = e.groups[0]!;
    const n = chosen.programs.length;
    why = `the special rate for goods that claim ${n === 1 ? 'program' : 'one of the programs'} ${chosen.programs.join(', ')}`;
  } else {
    const parts = e.groups.map((g) => {
      const p = evalExpr(g.expr, facts);
      return `${programsText(g.programs)} ${p.formula !== '' ? p.formula : printRate(g.expr)}`;
    });
    return {
      duty: null,
      formula: parts.join('; '),
      missing: [`special program (one of ${listed.join(', ')})`],
      notes: [`${e.groups.length} special rates: the duty depends on the program claimed`, ...trailingNote],
    };
  }
  const p = evalExpr(chosen.expr, facts);
  return {
    duty: p.duty,
    formula: p.formula !== '' ? `${programsText(chosen.programs)} ${p.formula}` : '',
    missing: p.missing,
    notes: [why, ...p.notes, ...trailingNote],
  };
}

function evalExpr(e: RateExpr, facts: RateFacts): Part {
  const single = new Set(unitsNeeded(e)).size === 1;
  switch (e.kind) {
    case 'free':
      return { duty: dec(0), formula: 'Free = $0.00', missing: [], notes: [] };
    case 'adValorem':
    case 'specific':
      return evalTerm(e, facts, single);
    case 'compound': {
      const parts = e.terms.map((t) => evalTerm(t, facts, single));
      const duty = sum(parts);
      const notes = parts.flatMap((p) => p.notes);
      if (e.cap !== undefined) notes.push(`cap not applied (needs the duty for the complete movement): ${e.cap}`);
      const formula = parts.map((p) => p.formula).join(' + ') + (duty !== null ? ` → ${formatUsdHuman(duty)}` : '');
      return { duty, formula, missing: parts.flatMap((p) => p.missing), notes };
    }
    case 'slidingScale': {
      const missing: string[] = [];
      const { q } = lookupQuantity(e.base, facts, true);
      if (q === undefined) missing.push(`quantity in ${e.base.unit}`);
      if (facts.degrees === undefined) missing.push('degrees of polarization');
      if (q === undefined || facts.degrees === undefined) return { duty: null, formula: '', missing, notes: [] };
      const under = D.max(dec(e.degreesUnder).minus(facts.degrees), 0);
      const computed = dec(e.base.amount).minus(dec(e.less.amount).times(under));
      const perUnit = D.max(computed, dec(e.minimum.amount));
      const duty = specificDuty(perUnit, e.base.unit, q);
      const per = printAmount({ amount: perUnit.toFixed(), currency: e.base.currency });
      const formula =
        `max(${printAmount(e.base)} − ${printAmount(e.less)} × ${under.toFixed()}, ${printAmount(e.minimum)})` +
        `${printUnit(e.base.unit)} = ${per}${printUnit(e.base.unit)} × ${quantityText(e.base.unit, q)} = ${formatUsdHuman(duty)}`;
      return { duty, formula, missing: [], notes: [] };
    }
    case 'percentOfValue': {
      const v = facts.basisValues?.[e.of];
      if (v === undefined) return { duty: null, formula: '', missing: [e.of], notes: [] };
      const duty = percentValue(e.percent).div(100).times(v);
      return {
        duty,
        formula: `${e.percent}% × ${formatUsdHuman(v)} (${e.of}) = ${formatUsdHuman(duty)}`,
        missing: [],
        notes: [],
      };
    }
    case 'applicable':
      return evalApplicable(e, facts);
    case 'noChange':
      return noFormula(e, 'no change: the rate of the underlying provision applies');
    case 'freeConditional':
      return noFormula(e, 'free only under a legal condition');
    case 'seeProvisions':
      return noFormula(e, 'the rate is set by another provision');
    case 'reference':
      return noFormula(e, 'the rate is legal text, not a formula');
    case 'text':
      return noFormula(e, 'not a rate formula');
    case 'none':
      return noFormula(e, 'no rate (an empty cell, or one holding only a stray mark)');
    case 'special':
      return evalSpecial(e, facts);
  }
}

/** Evaluate a rate for the given facts. Never throws for a parsed AST. */
export function evaluateRate(expr: RateExpr, facts: RateFacts = {}): RateEvaluation {
  const p = evalExpr(expr, facts);
  let ave: Dec | null = null;
  if (p.duty !== null && facts.value !== undefined && facts.value.greaterThan(0)) {
    ave = p.duty.div(facts.value).times(100);
  }
  return { duty: p.duty, formula: p.formula, adValoremEquivalent: ave, missing: p.missing, notes: p.notes };
}
