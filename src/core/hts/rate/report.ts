// The CLI/API JSON contract for one rate: parse the text, evaluate it against a value and quantity typed by the
// user, and report the duty rounded half-up to the cent.
import { InputError } from '../../errors.js';
import { dec, formatUsd, parseUsd, roundCents, type Dec } from '../../money/money.js';
import { UNIT_IDS, type RateExpr } from './ast.js';
import { evaluateRate, type RateEvaluation, type RateFacts } from './evaluate.js';
import { tryParseRate } from './parse.js';
import { printRate } from './print.js';

/** One program group of a special-program rate, evaluated on its own. */
export interface RateReportGroup {
  programs: string[];
  /** The group's rate, printed canonically: "$1.034/kg + 17%". */
  text: string;
  duty: string | null;
  adValoremEquivalent: number | null;
}

export type RateReport =
  | {
      text: string;
      expr: RateExpr;
      duty: string | null;
      adValoremEquivalent: number | null;
      /** What the duty needs that was not given ("value", "quantity in kg", "special program (one of ...)"); only
       *  when the duty is null for want of a fact. */
      missing?: string[];
      /** How the duty was read ("the special rate for goods that claim program S+"); only when there is one. */
      notes?: string[];
      /** Only for a special-program rate: every program group with its own duty. */
      groups?: RateReportGroup[];
    }
  | { text: string; error: { field: string; message: string; accepted: string } };

/**
 * Units a quantity may be given in: the units of HTS rates, and watts (W) of rated power, which no HTS rate uses but
 * the minimum import prices of solar cells and modules do.
 */
export const QUANTITY_UNITS: readonly string[] = [...UNIT_IDS, 'W'];

export const QUANTITY_ACCEPTED =
  'a non-negative number such as 1000 or 1,000.5 (the quantity in the unit the rate uses), or unit=number pairs ' +
  `such as liter=1000,pf.liter=40; units: ${QUANTITY_UNITS.join(', ')}`;

const UNIT_ALIASES: Record<string, string> = {
  'pf. liter': 'pf.liter',
  '1,000': '1000',
  '1,000 pins': '1000 pins',
  'line/ gross': 'line/gross',
  kilogram: 'kg',
  kilograms: 'kg',
  liters: 'liter',
  litre: 'liter',
  litres: 'liter',
  w: 'W',
  watt: 'W',
  watts: 'W',
};

const QNUM = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

function quantityNumber(s: string, input: string, field: string): Dec {
  const t = s.trim();
  if (!QNUM.test(t)) {
    throw new InputError(field, input, `${field} "${input}": "${t}" is not a non-negative number`, QUANTITY_ACCEPTED);
  }
  return dec(t.replace(/,/g, ''));
}

export type ParsedQuantity = { quantity: Dec } | { quantities: Record<string, Dec> };

/** "1000" (the single unit the rate needs) or "liter=1000,pf.liter=40" (several units). */
export function parseQuantity(input: string, field = 'quantity'): ParsedQuantity {
  if (!input.includes('=')) return { quantity: quantityNumber(input, input, field) };
  // Split on commas, re-joining thousands groups ("liter=1,000,pf.liter=40").
  const pairs: string[] = [];
  for (const seg of input.split(',')) {
    if (seg.includes('=') || pairs.length === 0) pairs.push(seg);
    else pairs[pairs.length - 1] += `,${seg}`;
  }
  const quantities: Record<string, Dec> = {};
  for (const p of pairs) {
    const [k, v, ...more] = p.split('=');
    const key = (k ?? '').trim().replace(/\s+/g, ' ');
    const unit = QUANTITY_UNITS.includes(key) ? key : UNIT_ALIASES[key.toLowerCase()];
    if (!unit || more.length > 0) {
      throw new InputError(field, input, `${field} "${input}": "${key}" is not a unit of quantity`, QUANTITY_ACCEPTED);
    }
    quantities[unit] = quantityNumber(v ?? '', input, field);
  }
  return { quantities };
}

const PROGRAM = /^[A-Z][A-Z]?[+*]?$/;
export const PROGRAM_ACCEPTED = 'a special program indicator of the HTS special column, e.g. S+, JP, PA, A+, A*';

function duty(r: RateEvaluation): string | null {
  return r.duty === null ? null : formatUsd(roundCents(r.duty));
}

function ave(r: RateEvaluation): number | null {
  return r.adValoremEquivalent === null ? null : Number(r.adValoremEquivalent.toDecimalPlaces(6).toFixed());
}

/** Evaluate `text` for the value, quantity and special program of the CLI flags `--value`, `--quantity` and
 *  `--program`. Never throws. */
export function rateReport(
  text: string,
  opts: { value?: string; quantity?: string; program?: string } = {},
): RateReport {
  const parsed = tryParseRate(text);
  if (!parsed.ok) return { text, error: { field: 'rate', ...parsed.error } };
  const facts: RateFacts = {};
  try {
    if (opts.value !== undefined) facts.value = parseUsd(opts.value, 'value');
    if (opts.quantity !== undefined) Object.assign(facts, parseQuantity(opts.quantity, 'quantity'));
    if (opts.program !== undefined) {
      const p = opts.program.trim().toUpperCase();
      if (!PROGRAM.test(p)) {
        throw new InputError('program', opts.program, `"${opts.program}" is not a program indicator`, PROGRAM_ACCEPTED);
      }
      facts.program = p;
    }
  } catch (e) {
    if (e instanceof InputError) return { text, error: { field: e.field, message: e.message, accepted: e.accepted } };
    throw e;
  }
  const r = evaluateRate(parsed.expr, facts);
  const report: RateReport = { text, expr: parsed.expr, duty: duty(r), adValoremEquivalent: ave(r) };
  if (r.missing.length > 0) report.missing = r.missing;
  if (r.notes.length > 0) report.notes = r.notes;
  if (parsed.expr.kind === 'special') {
    const { program: _claimed, ...groupFacts } = facts;
    report.groups = parsed.expr.groups.map((g) => {
      const ev = evaluateRate(g.expr, groupFacts);
      return { programs: g.programs, text: printRate(g.expr), duty: duty(ev), adValoremEquivalent: ave(ev) };
    });
  }
  return report;
}
