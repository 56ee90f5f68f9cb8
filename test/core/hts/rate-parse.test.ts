import { describe, expect, it } from 'vitest';
import {
  normalizeRateText,
  parseRate,
  parseSpecial,
  printRate,
  printSpecial,
  tryParseRate,
  type RateExpr,
} from '../../../src/core/hts/rate/index.js';

function roundTrips(e: RateExpr): void {
  expect(parseRate(printRate(e))).toEqual(e);
}

describe('normalizeRateText', () => {
  it.each([
    ['$1.13/m<sup>3</sup>', '$1.13/m3'],
    ['14.5¢/m<sup>2 </sup>+ 0.4%', '14.5¢/m2 + 0.4%'],
    ['Free \n(A+, AU,  BH)', 'Free (A+, AU, BH)'],
    ['$2.50/thou- sand + 40%', '$2.50/thousand + 40%'],
    ['The rate of duty appli- cable to that article', 'The rate of duty applicable to that article'],
    ['The duty provided inthe applicable subheading+ 25%', 'The duty provided in the applicable subheading+ 25%'],
    ['86.1¢/m2of recording surface', '86.1¢/m2 of recording surface'],
    ['$2.70 each + 45% on the case + 35% on thebattery', '$2.70 each + 45% on the case + 35% on the battery'],
    ['22¢/kg on drained weght + 45%', '22¢/kg on drained weight + 45%'],
    ['internal- revenue tax', 'internal-revenue tax'],
    ['6.5% ', '6.5%'],
    ['\n', ''],
  ])('%j → %j', (raw, want) => {
    expect(normalizeRateText(raw)).toBe(want);
    expect(normalizeRateText(want)).toBe(want);
  });
});

describe('parseRate: each kind, with real strings', () => {
  const cases: [string, RateExpr][] = [
    ['', { kind: 'none' }],
    ['\n', { kind: 'none' }],
    ['Free', { kind: 'free' }],
    ['6.8%', { kind: 'adValorem', percent: '6.8' }],
    ['6.5% ', { kind: 'adValorem', percent: '6.5' }],
    ['10% <u></u>', { kind: 'adValorem', percent: '10' }],
    ['37% /', { kind: 'adValorem', percent: '37' }],
    ['33 1/3%', { kind: 'adValorem', percent: '33 1/3' }],
    ['6.5% on the entire set', { kind: 'adValorem', percent: '6.5', basis: 'on the entire set' }],
    [
      '2.5% on the value of the lead content',
      { kind: 'adValorem', percent: '2.5', basis: 'on the value of the lead content' },
    ],
    ['6.3¢/liter', { kind: 'specific', amount: '0.063', currency: 'cents', unit: 'liter' }],
    ['68¢/head', { kind: 'specific', amount: '0.68', currency: 'cents', unit: 'head' }],
    ['$3/head', { kind: 'specific', amount: '3', currency: 'dollars', unit: 'head' }],
    ['$1.13/m<sup>3</sup>', { kind: 'specific', amount: '1.13', currency: 'dollars', unit: 'm3' }],
    ['2.8¢/doz.', { kind: 'specific', amount: '0.028', currency: 'cents', unit: 'doz.' }],
    ['4.5¢/ liter', { kind: 'specific', amount: '0.045', currency: 'cents', unit: 'liter' }],
    ['0.5¢/pf.liter', { kind: 'specific', amount: '0.005', currency: 'cents', unit: 'pf.liter' }],
    ['$1.32/pf. liter', { kind: 'specific', amount: '1.32', currency: 'dollars', unit: 'pf.liter' }],
    ['$1.50 each', { kind: 'specific', amount: '1.5', currency: 'dollars', unit: 'each' }],
    ['3.3¢/lin. m', { kind: 'specific', amount: '0.033', currency: 'cents', unit: 'lin. m' }],
    ['10.6¢/g', { kind: 'specific', amount: '0.106', currency: 'cents', unit: 'g' }],
    ['18.7¢/clean kg', { kind: 'specific', amount: '0.187', currency: 'cents', unit: 'clean kg' }],
    ['$2/1000', { kind: 'specific', amount: '2', currency: 'dollars', unit: '1000' }],
    [
      '3.7¢/kg on drained weight',
      { kind: 'specific', amount: '0.037', currency: 'cents', unit: 'kg', basis: 'on drained weight' },
    ],
    [
      '$1.32/t, including weight of container',
      { kind: 'specific', amount: '1.32', currency: 'dollars', unit: 't', basis: 'including weight of container' },
    ],
    [
      '<il>86.1¢/m<sup>2</sup></il> of recording surface',
      { kind: 'specific', amount: '0.861', currency: 'cents', unit: 'm2', basis: 'of recording surface' },
    ],
    [
      '0.8¢/kg + 2%',
      {
        kind: 'compound',
        terms: [
          { kind: 'specific', amount: '0.008', currency: 'cents', unit: 'kg' },
          { kind: 'adValorem', percent: '2' },
        ],
      },
    ],
    [
      '22¢/kg on drained weight+45%',
      {
        kind: 'compound',
        terms: [
          { kind: 'specific', amount: '0.22', currency: 'cents', unit: 'kg', basis: 'on drained weight' },
          { kind: 'adValorem', percent: '45' },
        ],
      },
    ],
    [
      '3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content',
      {
        kind: 'compound',
        terms: [
          { kind: 'specific', amount: '0.031', currency: 'cents', unit: 'liter' },
          { kind: 'specific', amount: '0.221', currency: 'cents', unit: 'pf.liter', basis: 'on ethyl alcohol content' },
        ],
      },
    ],
    [
      '$2.50/thou- sand + 40%',
      {
        kind: 'compound',
        terms: [
          { kind: 'specific', amount: '2.5', currency: 'dollars', unit: 'thousand' },
          { kind: 'adValorem', percent: '40' },
        ],
      },
    ],
    [
      '0.18¢/line/ gross + 2.5%',
      {
        kind: 'compound',
        terms: [
          { kind: 'specific', amount: '0.0018', currency: 'cents', unit: 'line/gross' },
          { kind: 'adValorem', percent: '2.5' },
        ],
      },
    ],
    [
      '43¢ each + 2.8¢/jewel over 7 + 3.7% on the case',
      {
        kind: 'compound',
        terms: [
          { kind: 'specific', amount: '0.43', currency: 'cents', unit: 'each' },
          { kind: 'specific', amount: '0.028', currency: 'cents', unit: 'jewel over 7' },
          { kind: 'adValorem', percent: '3.7', basis: 'on the case' },
        ],
      },
    ],
    [
      '10¢/1,000 pins + 3.5%',
      {
        kind: 'compound',
        terms: [
          { kind: 'specific', amount: '0.1', currency: 'cents', unit: '1000 pins' },
          { kind: 'adValorem', percent: '3.5' },
        ],
      },
    ],
    [
      '4.3% + 1.7¢/jewel + 0.2¢ for each other piece or part, but if consisting in part of a plate or a set of plates the total duty shall not exceed the duty for the complete movement',
      {
        kind: 'compound',
        terms: [
          { kind: 'adValorem', percent: '4.3' },
          { kind: 'specific', amount: '0.017', currency: 'cents', unit: 'jewel' },
          { kind: 'specific', amount: '0.002', currency: 'cents', unit: 'piece' },
        ],
        cap: 'but if consisting in part of a plate or a set of plates the total duty shall not exceed the duty for the complete movement',
      },
    ],
    [
      '3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg',
      {
        kind: 'slidingScale',
        base: { kind: 'specific', amount: '0.036606', currency: 'cents', unit: 'kg' },
        less: { kind: 'specific', amount: '0.00020668', currency: 'cents', unit: 'kg' },
        minimum: { kind: 'specific', amount: '0.03143854', currency: 'cents', unit: 'kg' },
        degreesUnder: 100,
      },
    ],
    [
      // The one sliding scale without "than", and with a space before the slash.
      '4.3817¢/kg less 0.0622005¢ /kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less 2.831562¢ /kg',
      {
        kind: 'slidingScale',
        base: { kind: 'specific', amount: '0.043817', currency: 'cents', unit: 'kg' },
        less: { kind: 'specific', amount: '0.000622005', currency: 'cents', unit: 'kg' },
        minimum: { kind: 'specific', amount: '0.02831562', currency: 'cents', unit: 'kg' },
        degreesUnder: 100,
      },
    ],
    ['3 percent of the fair retail value', { kind: 'percentOfValue', percent: '3', of: 'the fair retail value' }],
    ['The duty provided in the applicable subheading', { kind: 'applicable' }],
    ['The duty provided in the applicable subheading.', { kind: 'applicable' }],
    ['The duty provided for in the applicable subheading', { kind: 'applicable' }],
    ['The duty provided in the applicable subheading + 25%', { kind: 'applicable', plus: { percent: '25' } }],
    ['The duty provided in the applicable subheading + 25%.', { kind: 'applicable', plus: { percent: '25' } }],
    ['The duty provided in the applicable subheading plus 25%', { kind: 'applicable', plus: { percent: '25' } }],
    ['The duty provided inthe applicable subheading+ 25%', { kind: 'applicable', plus: { percent: '25' } }],
    ['The duty provided in the applicable subheading + a duty of 25%', { kind: 'applicable', plus: { percent: '25' } }],
    ['The duty rate provided in such subheading minus 0.5%', { kind: 'applicable', minus: { percent: '0.5' } }],
    [
      'The duty provided in the applicable subheading + a duty of 50% upon the value of the steel content.',
      { kind: 'applicable', contentPlus: { percent: '50', content: 'steel' } },
    ],
    [
      'The duty provided in the applicable subheading + a duty of 25% upon the value of the non-U.S. content',
      { kind: 'applicable', contentPlus: { percent: '25', content: 'non-U.S.' } },
    ],
    [
      'The duty provided in subheadings 8716.39.00, 8716.90.30 or 8716.90.50 + 100%',
      { kind: 'applicable', subheadings: ['8716.39.00', '8716.90.30', '8716.90.50'], plus: { percent: '100' } },
    ],
    ['No change', { kind: 'noChange' }],
    ['No change.', { kind: 'noChange' }],
    ['No Change', { kind: 'noChange' }],
    ['no change', { kind: 'noChange' }],
    ['Free, under bond', { kind: 'freeConditional', text: 'Free, under bond' }],
    ['See 9822.04.25', { kind: 'seeProvisions', headings: ['9822.04.25'] }],
    [
      'See 9918.04.60, 9823.03.01-9823.03.07',
      { kind: 'seeProvisions', headings: ['9918.04.60', '9823.03.01-9823.03.07'] },
    ],
    ['See additional U.S. note 1', { kind: 'reference', text: 'See additional U.S. note 1' }],
    [
      'The rate applicable to the natural juice in heading 2009',
      { kind: 'reference', text: 'The rate applicable to the natural juice in heading 2009' },
    ],
    [
      'The duty rate provided for origin- ating goods of Colombia in such subheading',
      { kind: 'reference', text: 'The duty rate provided for originating goods of Colombia in such subheading' },
    ],
    // ":" alone in column 2 of 9913.95.01 and 9913.95.23 (66 rows): a stray mark in an empty cell.
    [':', { kind: 'none' }],
    ['abc', { kind: 'text', text: 'abc' }],
  ];
  it.each(cases)('%j', (raw, want) => {
    const got = parseRate(raw);
    expect(got).toEqual(want);
    roundTrips(got);
  });

  it('prints a canonical form', () => {
    expect(printRate(parseRate('5.7¢/kg on drained weight +8%'))).toBe('5.7¢/kg on drained weight + 8%');
    expect(printRate(parseRate('$1.5 each'))).toBe('$1.50 each');
    expect(printRate(parseRate('0.5¢/pf.liter'))).toBe('0.5¢/pf. liter');
    expect(printRate(parseRate('The duty provided in the applicable subheading +25%'))).toBe(
      'The duty provided in the applicable subheading + 25%',
    );
  });
});

describe('tryParseRate', () => {
  it('accepts formulas and legal text', () => {
    expect(tryParseRate('6.3¢/liter')).toEqual({
      ok: true,
      expr: { kind: 'specific', amount: '0.063', currency: 'cents', unit: 'liter' },
    });
    expect(tryParseRate('See additional U.S. note 1').ok).toBe(true);
    expect(tryParseRate('No change').ok).toBe(true);
    expect(tryParseRate(':')).toEqual({ ok: true, expr: { kind: 'none' } });
  });
  it.each(['', '   ', '\n', '<u></u>', 'abc', '12', '6.3¢', '6.3¢/furlong', '5% +', 'abc (PA)', '(PA)', '5% (PA) abc'])(
    'rejects %j with the accepted forms',
    (raw) => {
      const r = tryParseRate(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toBeTruthy();
        expect(r.error.accepted).toContain('6.8%');
      }
    },
  );
});

describe('parseSpecial', () => {
  const FTA = ['A+', 'AU', 'BH', 'CL', 'CO', 'D', 'E', 'IL', 'JO', 'KR', 'MA', 'OM', 'P', 'PA', 'PE', 'S', 'SG'];
  it('reads one free group', () => {
    expect(parseSpecial('Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)')).toEqual({
      groups: [{ expr: { kind: 'free' }, programs: FTA }],
    });
    expect(parseSpecial('Free \n(A+, AU, BH,CL, CO,D,E, IL,JO,KR,MA,OM,P,PA,PE,S, SG)')).toEqual({
      groups: [{ expr: { kind: 'free' }, programs: FTA }],
    });
  });

  it('reads "52¢/kg (PA)"', () => {
    expect(parseSpecial('52¢/kg (PA)')).toEqual({
      groups: [{ expr: { kind: 'specific', amount: '0.52', currency: 'cents', unit: 'kg' }, programs: ['PA'] }],
    });
  });

  it('reads the 7-group string', () => {
    const c = parseSpecial(
      'Free (BH,CL,JO,MA,OM,P,PE,SG) 10¢/kg (KR) See 9822.04.35 (AU) See 9823.04.01-9823.04.54 (S+) See 9908.04.05 (IL) See 9918.04.50, 9918.04.51 (CO) See 9919.04.40, 9919.04.41-9919.04.42 (PA)',
    );
    expect(c.trailing).toBeUndefined();
    expect(c.groups.map((g) => g.programs)).toEqual([
      ['BH', 'CL', 'JO', 'MA', 'OM', 'P', 'PE', 'SG'],
      ['KR'],
      ['AU'],
      ['S+'],
      ['IL'],
      ['CO'],
      ['PA'],
    ]);
    expect(c.groups.map((g) => g.expr)).toEqual([
      { kind: 'free' },
      { kind: 'specific', amount: '0.1', currency: 'cents', unit: 'kg' },
      { kind: 'seeProvisions', headings: ['9822.04.35'] },
      { kind: 'seeProvisions', headings: ['9823.04.01-9823.04.54'] },
      { kind: 'seeProvisions', headings: ['9908.04.05'] },
      { kind: 'seeProvisions', headings: ['9918.04.50', '9918.04.51'] },
      { kind: 'seeProvisions', headings: ['9919.04.40', '9919.04.41-9919.04.42'] },
    ]);
    expect(parseSpecial(printSpecial(c))).toEqual(c);
  });

  it('reads groups without a space: "SG)2.7% (JP)" and "SG)1.5¢/liter(JO)"', () => {
    const c = parseSpecial('Free (A,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)2.7% (JP)');
    expect(c.groups[1]).toEqual({ expr: { kind: 'adValorem', percent: '2.7' }, programs: ['JP'] });
    const d = parseSpecial('Free (A,SG)1.5¢/liter(JO)');
    expect(d.groups[1]).toEqual({
      expr: { kind: 'specific', amount: '0.015', currency: 'cents', unit: 'liter' },
      programs: ['JO'],
    });
  });

  it('repairs the malformed program lists', () => {
    expect(parseSpecial('Free (A*,AU,BH,CL,CO,D,E IL,JO,KR,MA,OM,P,PA,PE,S,SG)').groups[0]!.programs).toContain('IL');
    expect(parseSpecial('Free (AU,BH,CL,CO,IL,JO,KR,MA,.OM,P,PA,PE,S,SG) ').groups[0]!.programs).toContain('OM');
    const bc = parseSpecial(
      'Free (AU,BH,CL, CO,IL,JO,KR,MA,OM,P,PA, PE,S,SG) A duty upon the value of the repairs or alterations (see U.S. note 3 of this subchapter) (B,C,)',
    );
    expect(bc.groups[1]).toEqual({
      expr: {
        kind: 'reference',
        text: 'A duty upon the value of the repairs or alterations (see U.S. note 3 of this subchapter)',
      },
      programs: ['B', 'C'],
    });
    const pa = parseSpecial('See 9919.04.50, 9919.04.57, 9919.04.67 (PA (PA)');
    expect(pa).toEqual({
      groups: [
        { expr: { kind: 'seeProvisions', headings: ['9919.04.50', '9919.04.57', '9919.04.67'] }, programs: ['PA'] },
      ],
    });
    expect(parseSpecial('See 9919.04.50 (PA')).toEqual({
      groups: [{ expr: { kind: 'seeProvisions', headings: ['9919.04.50'] }, programs: ['PA'] }],
    });
    expect(parseSpecial('See 9919.04.10, 9919.04.12, 99.19.04.14 (PA)').groups[0]!.expr).toEqual({
      kind: 'seeProvisions',
      headings: ['9919.04.10', '9919.04.12', '9919.04.14'],
    });
    expect(parseSpecial('Free (See U.S. note 4 of this subchapter)')).toEqual({
      groups: [],
      trailing: { kind: 'freeConditional', text: 'Free (See U.S. note 4 of this subchapter)' },
    });
  });

  it('reads Chapter 98/99 values with and without program lists', () => {
    expect(parseSpecial('No change')).toEqual({ groups: [], trailing: { kind: 'noChange' } });
    expect(parseSpecial('The duty provided in the applicable subheading + 25%')).toEqual({
      groups: [],
      trailing: { kind: 'applicable', plus: { percent: '25' } },
    });
    expect(parseSpecial('The duty provided in the applicable subheading + 10% (CA, MX, S)')).toEqual({
      groups: [{ expr: { kind: 'applicable', plus: { percent: '10' } }, programs: ['CA', 'MX', 'S'] }],
    });
    const nc = parseSpecial(
      'No change (A) Free (CA,IL, MX) See U.S. note 3 to this sub- chapter (E) See U.S. note 3(e) (CO,PE)',
    );
    expect(nc.groups).toEqual([
      { expr: { kind: 'noChange' }, programs: ['A'] },
      { expr: { kind: 'free' }, programs: ['CA', 'IL', 'MX'] },
      { expr: { kind: 'reference', text: 'See U.S. note 3 to this subchapter' }, programs: ['E'] },
      { expr: { kind: 'reference', text: 'See U.S. note 3(e)' }, programs: ['CO', 'PE'] },
    ]);
    expect(parseSpecial('')).toEqual({ groups: [] });
  });
});

describe('parseRate: special-program rates (a rate followed by its program list)', () => {
  const KG = (amount: string, currency: 'cents' | 'dollars' = 'cents') =>
    ({ kind: 'specific', amount, currency, unit: 'kg' }) as const;
  const cases: [string, RateExpr][] = [
    [
      '$1.034/kg + 17% (S+)',
      {
        kind: 'special',
        groups: [
          {
            expr: { kind: 'compound', terms: [KG('1.034', 'dollars'), { kind: 'adValorem', percent: '17' }] },
            programs: ['S+'],
          },
        ],
      },
    ],
    ['$1.12/kg (PA)', { kind: 'special', groups: [{ expr: KG('1.12', 'dollars'), programs: ['PA'] }] }],
    ['17.1% (AU)', { kind: 'special', groups: [{ expr: { kind: 'adValorem', percent: '17.1' }, programs: ['AU'] }] }],
    [
      '77.2¢/liter (S+)',
      {
        kind: 'special',
        groups: [{ expr: { kind: 'specific', amount: '0.772', currency: 'cents', unit: 'liter' }, programs: ['S+'] }],
      },
    ],
    [
      // "+" without a space and two spaces before "+"
      '80.4¢/kg +6.4% (S+)',
      {
        kind: 'special',
        groups: [
          { expr: { kind: 'compound', terms: [KG('0.804'), { kind: 'adValorem', percent: '6.4' }] }, programs: ['S+'] },
        ],
      },
    ],
    [
      '16.9¢/kg of total sugars + 5.1% (S+)',
      {
        kind: 'special',
        groups: [
          {
            expr: {
              kind: 'compound',
              terms: [
                { ...KG('0.169'), basis: 'of total sugars' },
                { kind: 'adValorem', percent: '5.1' },
              ],
            },
            programs: ['S+'],
          },
        ],
      },
    ],
    ['Free (A+,AU,BH)', { kind: 'special', groups: [{ expr: { kind: 'free' }, programs: ['A+', 'AU', 'BH'] }] }],
    [
      'Free (A,AU,SG)2.7% (JP)',
      {
        kind: 'special',
        groups: [
          { expr: { kind: 'free' }, programs: ['A', 'AU', 'SG'] },
          { expr: { kind: 'adValorem', percent: '2.7' }, programs: ['JP'] },
        ],
      },
    ],
    [
      'No change (A,E) Free (CA,IL, MX) See U.S. note 3(e) (CO,PE)',
      {
        kind: 'special',
        groups: [
          { expr: { kind: 'noChange' }, programs: ['A', 'E'] },
          { expr: { kind: 'free' }, programs: ['CA', 'IL', 'MX'] },
          { expr: { kind: 'reference', text: 'See U.S. note 3(e)' }, programs: ['CO', 'PE'] },
        ],
      },
    ],
    [
      'The duty provided in the applicable subheading + 10% (CA, MX, S)',
      {
        kind: 'special',
        groups: [{ expr: { kind: 'applicable', plus: { percent: '10' } }, programs: ['CA', 'MX', 'S'] }],
      },
    ],
    [
      'See 9822.04.25 (AU) See 9918.04.60, 9918.04.61 (CO)',
      {
        kind: 'special',
        groups: [
          { expr: { kind: 'seeProvisions', headings: ['9822.04.25'] }, programs: ['AU'] },
          { expr: { kind: 'seeProvisions', headings: ['9918.04.60', '9918.04.61'] }, programs: ['CO'] },
        ],
      },
    ],
    [
      'Free (A) 5%',
      {
        kind: 'special',
        groups: [{ expr: { kind: 'free' }, programs: ['A'] }],
        trailing: { kind: 'adValorem', percent: '5' },
      },
    ],
  ];
  it.each(cases)('%j', (raw, want) => {
    const got = parseRate(raw);
    expect(got).toEqual(want);
    roundTrips(got);
    expect(tryParseRate(raw)).toEqual({ ok: true, expr: want });
    // the same groups as parseSpecial reads from the special column
    if (got.kind === 'special') expect({ kind: 'special', ...parseSpecial(raw) }).toEqual(got);
  });

  it('prints the special column', () => {
    expect(printRate(parseRate('$1.034/kg  + 17%(S+)'))).toBe('$1.034/kg + 17% (S+)');
    expect(printRate(parseRate('Free \n(A+, AU, BH,CL)1.5¢/liter(JO)'))).toBe('Free (A+,AU,BH,CL) 1.5¢/liter (JO)');
  });

  it('parenthesised text that is no program list keeps its kind', () => {
    expect(parseRate('Free (See U.S. note 4 of this subchapter)').kind).toBe('freeConditional');
    expect(parseRate('Free, under the terms of U.S. note 1(b) to this subchapter').kind).toBe('freeConditional');
    expect(
      parseRate('A duty upon the value of the repairs or alterations (see U.S. note 3 of this subchapter)').kind,
    ).toBe('reference');
    expect(
      parseRate(
        '3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg',
      ).kind,
    ).toBe('slidingScale');
  });
});
