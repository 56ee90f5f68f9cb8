// Canonical text of a rate AST. The printer emits the spelling the parser reads back to the same AST:
// parseRate(printRate(parseRate(x))) deep-equals parseRate(x) for every string x (tested on all HTS strings and
// on generated ones); a `special` rate prints as its special column, "$1.034/kg + 17% (S+)".
import { D } from '../../money/money.js';
import type { RateExpr, SpecialColumn, Specific, Term, UnitId } from './ast.js';

const UNIT_TEXT: Record<UnitId, string> = {
  kg: '/kg',
  'clean kg': '/clean kg',
  g: '/g',
  t: '/t',
  liter: '/liter',
  'pf.liter': '/pf. liter',
  m: '/m',
  'lin. m': '/lin. m',
  m2: '/m2',
  m3: '/m3',
  'doz.': '/doz.',
  gross: '/gross',
  'line/gross': '/line/gross',
  'pr.': '/pr.',
  each: ' each',
  piece: ' for each other piece or part',
  article: '/article',
  head: '/head',
  bbl: '/bbl',
  pack: '/pack',
  jewel: '/jewel',
  'jewel over 7': '/jewel over 7',
  thousand: '/thousand',
  '1000': '/1,000',
  '1000 pins': '/1,000 pins',
};

function basisText(basis: string | undefined): string {
  if (basis === undefined) return '';
  return basis.startsWith('including') ? `, ${basis}` : ` ${basis}`;
}

/** "6.3¢", "$1.50", "$3". */
export function printAmount(s: Pick<Specific, 'amount' | 'currency'>): string {
  const d = new D(s.amount);
  if (s.currency === 'cents') return `${d.times(100).toFixed()}¢`;
  return `$${d.isInteger() ? d.toFixed() : d.toFixed(Math.max(2, d.decimalPlaces()))}`;
}

export function printUnit(unit: UnitId): string {
  return UNIT_TEXT[unit];
}

export function printTerm(t: Term): string {
  if (t.kind === 'adValorem') return `${t.percent}%${basisText(t.basis)}`;
  return `${printAmount(t)}${UNIT_TEXT[t.unit]}${basisText(t.basis)}`;
}

export function printRate(e: RateExpr): string {
  switch (e.kind) {
    case 'none':
      return '';
    case 'free':
      return 'Free';
    case 'noChange':
      return 'No change';
    case 'adValorem':
    case 'specific':
      return printTerm(e);
    case 'compound':
      return e.terms.map(printTerm).join(' + ') + (e.cap !== undefined ? `, ${e.cap}` : '');
    case 'slidingScale':
      return (
        `${printTerm(e.base)} less ${printTerm(e.less)} for each degree under ${e.degreesUnder} degrees ` +
        `(and fractions of a degree in proportion) but not less than ${printTerm(e.minimum)}`
      );
    case 'percentOfValue':
      return `${e.percent} percent of ${e.of}`;
    case 'applicable': {
      let head = 'The duty provided in the applicable subheading';
      if (e.subheadings) {
        const hs = e.subheadings;
        const list = hs.length === 1 ? hs[0]! : `${hs.slice(0, -1).join(', ')} or ${hs[hs.length - 1]!}`;
        head = `The duty provided in subheadings ${list}`;
      } else if (e.minus) head = 'The duty rate provided in such subheading';
      if (e.contentPlus)
        return `${head} + a duty of ${e.contentPlus.percent}% upon the value of the ${e.contentPlus.content} content`;
      if (e.plus) return `${head} + ${e.plus.percent}%`;
      if (e.minus) return `${head} minus ${e.minus.percent}%`;
      return head;
    }
    case 'freeConditional':
    case 'reference':
    case 'text':
      return e.text;
    case 'seeProvisions':
      return `See ${e.headings.join(', ')}`;
    case 'special':
      return printSpecial(e);
  }
}

export function printSpecial(col: SpecialColumn): string {
  const parts = col.groups.map((g) => {
    const r = printRate(g.expr);
    const list = `(${g.programs.join(',')})`;
    return r === '' ? list : `${r} ${list}`;
  });
  if (col.trailing) parts.push(printRate(col.trailing));
  return parts.filter((p) => p !== '').join(' ');
}
