// Property tests: the parsers never throw, and printing is the inverse of parsing on every parsed AST.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money/index.js';
import {
  UNIT_IDS,
  evaluateRate,
  normalizeRateText,
  parseRate,
  parseSpecial,
  printRate,
  printSpecial,
  tryParseRate,
  type AdValorem,
  type RateExpr,
  type Specific,
  type Term,
} from '../../../src/core/hts/rate/index.js';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 2000) };

// Tokens of real rate text, including the odd ones (tags, hyphen breaks, stray punctuation).
const TOKENS = [
  'Free',
  'free',
  'No change',
  '.',
  ',',
  ' ',
  '  ',
  '\n',
  '+',
  ' + ',
  '/',
  ' /',
  '/ ',
  '%',
  '¢',
  '$',
  '(',
  ')',
  '-',
  '- ',
  '0',
  '1',
  '2.5',
  '6.3',
  '33 1/3',
  '1,000',
  '100',
  '0.020668',
  ' each',
  ' for each other piece or part',
  'kg',
  'clean kg',
  'liter',
  'pf. liter',
  'pf.liter',
  'doz.',
  'line/ gross',
  'm<sup>2</sup>',
  'm3',
  't',
  'g',
  'jewel over 7',
  ' on drained weight',
  ' of total sugars',
  ', including weight of container',
  ' on the case',
  'thou- sand',
  ' less ',
  ' for each degree under 100 degrees (and fractions of a degree in proportion) but not less than ',
  ', but if consisting in part of a plate or a set of plates the total duty shall not exceed the duty for the complete movement',
  ' percent of the fair retail value',
  'The duty provided in the applicable subheading',
  'The duty rate provided in such subheading',
  ' minus ',
  ' a duty of ',
  ' upon the value of the steel content',
  'inthe',
  'The rate applicable to ',
  'A duty upon ',
  'See ',
  '9822.04.25',
  '99.19.04.14',
  '9823.03.01-9823.03.07',
  ', ',
  'See U.S. note 3',
  '(A+,AU,BH)',
  '(PA',
  '(B,C,)',
  '(E IL',
  '.OM',
  'JP',
  'S+',
  'E*',
  ':',
  '<u></u>',
  '<il>',
  '</il>',
  'Free, under bond',
  'subheadings 8716.39.00 or 8716.90.50',
];

const rateLike = fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((ts) => ts.join(''));
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), rateLike);

describe('parsers never throw', () => {
  it('parseRate, parseSpecial, tryParseRate, normalizeRateText on arbitrary strings', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        parseRate(s);
        parseSpecial(s);
        tryParseRate(s);
        const n = normalizeRateText(s);
        expect(normalizeRateText(n)).toBe(n);
      }),
      RUNS,
    );
  });

  it('evaluateRate never throws on a parsed AST', () => {
    fc.assert(
      fc.property(rateLike, (s) => {
        evaluateRate(parseRate(s), { value: dec(1000), quantity: dec(10), degrees: dec(95) });
      }),
      RUNS,
    );
  });
});

describe('print → parse is the identity on parsed ASTs', () => {
  it('for rates parsed from arbitrary and rate-like strings', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const e = parseRate(s);
        expect(parseRate(printRate(e))).toEqual(e);
      }),
      RUNS,
    );
  });

  it('for special columns parsed from arbitrary and rate-like strings', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const c = parseSpecial(s);
        expect(parseSpecial(printSpecial(c))).toEqual(c);
      }),
      RUNS,
    );
  });
});

// ---- an arbitrary for ASTs the parser produces

const decimalText = fc
  .tuple(fc.nat({ max: 100000 }), fc.nat({ max: 6 }))
  .map(([n, scale]) => dec(n).div(dec(10).pow(scale)).toFixed());
const percentText = fc.oneof(decimalText, fc.constant('33 1/3'), fc.constant('2.0'));
const basis = fc.constantFrom(
  'on drained weight',
  'of total sugars',
  'including weight of container',
  'on the case',
  'on the strap, band or bracelet',
  'on the value of the telescopic sight, if any',
  'on ethyl alcohol content',
);
const adValorem: fc.Arbitrary<AdValorem> = fc
  .record({ percent: percentText, basis: fc.option(basis, { nil: undefined }) })
  .map(({ percent, basis }) =>
    basis === undefined ? { kind: 'adValorem', percent } : { kind: 'adValorem', percent, basis },
  );
const specific: fc.Arbitrary<Specific> = fc
  .record({
    amount: decimalText,
    currency: fc.constantFrom('cents' as const, 'dollars' as const),
    unit: fc.constantFrom(...UNIT_IDS),
    basis: fc.option(basis, { nil: undefined }),
  })
  .map(({ amount, currency, unit, basis }) => {
    const s: Specific = { kind: 'specific', amount, currency, unit };
    if (basis !== undefined) s.basis = basis;
    return s;
  });
const term: fc.Arbitrary<Term> = fc.oneof(adValorem, specific);
const CAP =
  'but if consisting in part of a plate or a set of plates the total duty shall not exceed the duty for the complete movement';

const expr: fc.Arbitrary<RateExpr> = fc.oneof(
  fc.constant<RateExpr>({ kind: 'free' }),
  fc.constant<RateExpr>({ kind: 'noChange' }),
  fc.constant<RateExpr>({ kind: 'none' }),
  term,
  fc
    .record({ terms: fc.array(term, { minLength: 2, maxLength: 5 }), cap: fc.boolean() })
    .map(({ terms, cap }): RateExpr => (cap ? { kind: 'compound', terms, cap: CAP } : { kind: 'compound', terms })),
  fc.tuple(specific, specific, specific).map(([base, less, minimum]): RateExpr => ({
    kind: 'slidingScale',
    base: { ...base, basis: undefined, unit: 'kg' },
    less: { ...less, basis: undefined, unit: 'kg' },
    minimum: { ...minimum, basis: undefined, unit: 'kg' },
    degreesUnder: 100,
  })),
  fc
    .record({ percent: percentText, of: fc.constantFrom('the fair retail value', 'the cost of such parts') })
    .map((r): RateExpr => ({ kind: 'percentOfValue', ...r })),
  fc.constant<RateExpr>({ kind: 'applicable' }),
  percentText.map((percent): RateExpr => ({ kind: 'applicable', plus: { percent } })),
  percentText.map((percent): RateExpr => ({ kind: 'applicable', minus: { percent } })),
  fc
    .tuple(percentText, fc.constantFrom('steel', 'aluminum', 'copper', 'non-U.S.'))
    .map(([percent, content]): RateExpr => ({ kind: 'applicable', contentPlus: { percent, content } })),
  fc
    .tuple(
      fc.array(fc.constantFrom('8716.39.00', '8716.90.30', '8716.90.50', '7208.10.15.00'), {
        minLength: 1,
        maxLength: 4,
      }),
      percentText,
    )
    .map(([subheadings, percent]): RateExpr => ({ kind: 'applicable', subheadings, plus: { percent } })),
  fc
    .constantFrom(
      'Free, under bond',
      'Free, for such temporary periods as the Secretary of the Treasury by regulation may prescribe',
    )
    .map((text): RateExpr => ({ kind: 'freeConditional', text })),
  fc
    .array(fc.constantFrom('9822.04.25', '9823.03.01-9823.03.07', '9918.04.60'), { minLength: 1, maxLength: 3 })
    .map((headings): RateExpr => ({ kind: 'seeProvisions', headings })),
  fc
    .constantFrom('See additional U.S. note 1', 'The rate applicable to the natural juice in heading 2009')
    .map((text): RateExpr => ({ kind: 'reference', text })),
  fc.constantFrom('?', 'abc').map((text): RateExpr => ({ kind: 'text', text })),
);

/** Drop keys whose value is undefined (the sliding-scale arbitrary spreads `basis: undefined`). */
function clean<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

describe('print → parse on generated ASTs', () => {
  it('rates', () => {
    fc.assert(
      fc.property(expr, (e0) => {
        const e = clean(e0);
        expect(parseRate(printRate(e))).toEqual(e);
      }),
      RUNS,
    );
  });

  const programs = fc.array(fc.constantFrom('A', 'A+', 'A*', 'AU', 'CA', 'E*', 'JP', 'MX', 'S+'), {
    minLength: 1,
    maxLength: 5,
  });
  const groupExpr = expr.filter((e) => e.kind !== 'text' && e.kind !== 'none');
  const group = fc.record({ expr: groupExpr, programs: programs.map((p) => [...new Set(p)]) });
  const col = fc.record({
    groups: fc.array(group, { maxLength: 7 }),
    trailing: fc.option(groupExpr, { nil: undefined }),
  });

  it('special columns', () => {
    fc.assert(
      fc.property(col, (c0) => {
        const c = clean(c0);
        expect(parseSpecial(printSpecial(c))).toEqual(c);
      }),
      RUNS,
    );
  });

  it('special rates read by parseRate (at least one program list), accepted by tryParseRate', () => {
    const special = fc
      .record({ groups: fc.array(group, { minLength: 1, maxLength: 7 }), trailing: col.map((c) => c.trailing) })
      .map(({ groups, trailing }): RateExpr => clean({ kind: 'special', groups, trailing }));
    fc.assert(
      fc.property(special, (e) => {
        expect(parseRate(printRate(e))).toEqual(e);
        expect(tryParseRate(printRate(e))).toEqual({ ok: true, expr: e });
      }),
      RUNS,
    );
  });
});
