import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money/index.js';
import { evaluateRate, parseRate, rateReport, type RateFacts } from '../../../src/core/hts/rate/index.js';

function evalText(text: string, facts: RateFacts) {
  return evaluateRate(parseRate(text), facts);
}

describe('evaluateRate', () => {
  it('6.3¢/liter on 1,000 liters is $63.00, AVE 1.26% on $5,000', () => {
    const r = evalText('6.3¢/liter', { value: dec('5000'), quantity: dec('1000') });
    expect(r.duty?.toFixed()).toBe('63');
    expect(r.formula).toBe('6.3¢/liter × 1,000 liter = $63.00');
    expect(r.adValoremEquivalent?.toFixed()).toBe('1.26');
    expect(r.missing).toEqual([]);
  });

  it('7.85¢/liter on 10,000 liters is $785.00', () => {
    const r = evalText('7.85¢/liter', { quantities: { liter: dec('10000') } });
    expect(r.duty?.toFixed(2)).toBe('785.00');
    expect(r.adValoremEquivalent).toBeNull();
  });

  it('16.5% of $1,000.00 is $165.00', () => {
    const r = evalText('16.5%', { value: dec('1000.00') });
    expect(r.duty?.toFixed(2)).toBe('165.00');
    expect(r.formula).toBe('16.5% × $1,000.00 = $165.00');
    expect(r.adValoremEquivalent?.toFixed()).toBe('16.5');
  });

  it('Free is zero', () => {
    expect(evalText('Free', { value: dec(100) }).duty?.toFixed()).toBe('0');
  });

  it('33 1/3% is exact to 40 digits', () => {
    const r = evalText('33 1/3%', { value: dec('300') });
    expect(r.duty?.toDecimalPlaces(10).toFixed()).toBe('100');
  });

  it('compound: 0.8¢/kg + 2% on 500 kg worth $2,000 is $4 + $40', () => {
    const r = evalText('0.8¢/kg + 2%', { value: dec('2000'), quantity: dec('500') });
    expect(r.duty?.toFixed()).toBe('44');
    expect(r.formula).toBe('0.8¢/kg × 500 kg = $4.00 + 2% × $2,000.00 = $40.00 → $44.00');
  });

  it('compound with two units needs both quantities', () => {
    const text = '3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content';
    const missing = evalText(text, { quantity: dec('1000') });
    expect(missing.duty).toBeNull();
    expect(missing.missing).toEqual(['quantity in liter', 'quantity in pf.liter (on ethyl alcohol content)']);
    const r = evalText(text, { quantities: { liter: dec('1000'), 'pf.liter': dec('400') } });
    expect(r.duty?.toFixed()).toBe('119.4'); // 31 + 88.4
    expect(r.notes[0]).toMatch(/measured on ethyl alcohol content/);
  });

  it('per-thousand units count articles', () => {
    expect(evalText('$2/1,000 + 60%', { value: dec('100'), quantity: dec('5000') }).duty?.toFixed()).toBe('70');
    expect(evalText('10¢/1,000 pins', { quantity: dec('20000') }).duty?.toFixed()).toBe('2');
  });

  it('missing value and quantity are named', () => {
    expect(evalText('16.5%', {}).missing).toEqual(['value']);
    expect(evalText('6.3¢/liter', {}).missing).toEqual(['quantity in liter']);
    expect(evalText('6.3¢/liter', {}).duty).toBeNull();
  });

  it('ad valorem on a part needs that part’s value', () => {
    const text = '$1.50 each + 45% on the case + 35% on the battery';
    const r = evalText(text, { value: dec(100), quantity: dec(10) });
    expect(r.duty).toBeNull();
    expect(r.missing).toEqual(['value on the case', 'value on the battery']);
    const ok = evalText(text, {
      value: dec(100),
      quantity: dec(10),
      basisValues: { 'on the case': dec(20), 'on the battery': dec(2) },
    });
    expect(ok.duty?.toFixed()).toBe('24.7'); // 15 + 9 + 0.7
    expect(evalText('6.5% on the entire set', { value: dec(200) }).duty?.toFixed()).toBe('13');
  });

  it('the watch-movement cap is reported, not applied', () => {
    const r = evalText(
      '4.3% + 1.7¢/jewel + 0.2¢ for each other piece or part, but if consisting in part of a plate or a set of plates the total duty shall not exceed the duty for the complete movement',
      { value: dec(100), quantities: { jewel: dec(17), piece: dec(10) } },
    );
    expect(r.duty?.toFixed()).toBe('4.609'); // 4.30 + 0.289 + 0.02
    expect(r.notes.some((n) => n.startsWith('cap not applied'))).toBe(true);
  });

  describe('sugar sliding scale', () => {
    const text =
      '3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg';
    it('needs the degrees of polarization', () => {
      const r = evalText(text, { quantity: dec(1000) });
      expect(r.duty).toBeNull();
      expect(r.missing).toEqual(['degrees of polarization']);
    });
    it('at 100 degrees is the base rate', () => {
      expect(evalText(text, { quantity: dec(1000), degrees: dec(100) }).duty?.toFixed()).toBe('36.606');
    });
    it('at 96.5 degrees subtracts 3.5 × 0.020668¢', () => {
      // 3.6606 − 0.072338 = 3.588262¢/kg × 1000 kg = $35.88262
      expect(evalText(text, { quantity: dec(1000), degrees: dec('96.5') }).duty?.toFixed()).toBe('35.88262');
    });
    it('never goes below the minimum', () => {
      expect(evalText(text, { quantity: dec(1000), degrees: dec(50) }).duty?.toFixed()).toBe('31.43854');
    });
  });

  it('percent of the fair retail value needs that value', () => {
    const text = '3 percent of the fair retail value';
    expect(evalText(text, { value: dec(100) }).missing).toEqual(['the fair retail value']);
    expect(evalText(text, { basisValues: { 'the fair retail value': dec(200) } }).duty?.toFixed()).toBe('6');
  });

  describe('Chapter 99 applicable subheading', () => {
    const base = evaluateRate(parseRate('2.5%'), { value: dec(1000) });
    it('+ 25%', () => {
      const r = evalText('The duty provided in the applicable subheading + 25%', { value: dec(1000), base });
      expect(r.duty?.toFixed()).toBe('275');
      expect(r.adValoremEquivalent?.toFixed()).toBe('27.5');
    });
    it('+ 50% upon the value of the steel content', () => {
      const text =
        'The duty provided in the applicable subheading + a duty of 50% upon the value of the steel content.';
      expect(evalText(text, { value: dec(1000), base }).missing).toEqual(['value of the steel content']);
      const r = evalText(text, { value: dec(1000), base, contentValue: { steel: dec(400) } });
      expect(r.duty?.toFixed()).toBe('225');
    });
    it('minus 0.5%, floored at zero', () => {
      expect(
        evalText('The duty rate provided in such subheading minus 0.5%', { value: dec(1000), base }).duty?.toFixed(),
      ).toBe('20');
      const free = evaluateRate(parseRate('Free'), { value: dec(1000) });
      const r = evalText('The duty rate provided in such subheading minus 0.5%', { value: dec(1000), base: free });
      expect(r.duty?.toFixed()).toBe('0');
    });
    it('needs the base duty', () => {
      const r = evalText('The duty provided in the applicable subheading', { value: dec(1000) });
      expect(r.duty).toBeNull();
      expect(r.missing).toEqual(['duty of the applicable subheading']);
    });
  });

  it.each([
    'No change',
    'See 9822.04.25',
    'The rate applicable to the natural juice in heading 2009',
    ':',
    '',
    'Free, under bond',
  ])('%j has no duty, with a note', (text) => {
    const r = evalText(text, { value: dec(100), quantity: dec(1) });
    expect(r.duty).toBeNull();
    expect(r.formula).toBe('');
    expect(r.notes.length).toBe(1);
  });
});

describe('rateReport (CLI JSON contract)', () => {
  it('6.3¢/liter, value 5000, quantity 1000', () => {
    expect(rateReport('6.3¢/liter', { value: '5000', quantity: '1000' })).toEqual({
      text: '6.3¢/liter',
      expr: { kind: 'specific', amount: '0.063', currency: 'cents', unit: 'liter' },
      duty: '63.00',
      adValoremEquivalent: 1.26,
    });
  });
  it('several units', () => {
    const r = rateReport('4.4¢/liter + 31.4¢/pf. liter', { value: '$10,000.00', quantity: 'liter=1,000,pf.liter=40' });
    expect(r).toMatchObject({ duty: '56.56', adValoremEquivalent: 0.5656 });
  });
  it('rounds half-up to the cent', () => {
    expect(rateReport('0.5%', { value: '1.00' })).toMatchObject({ duty: '0.01', adValoremEquivalent: 0.5 });
  });
  it('duty null when a fact is missing', () => {
    expect(rateReport('7.85¢/liter', { value: '100' })).toMatchObject({ duty: null, adValoremEquivalent: null });
  });
  it.each([
    ['abc', {}, 'rate'],
    ['', {}, 'rate'],
    ['5%', { value: '-3' }, 'value'],
    ['5%', { value: '1.234' }, 'value'],
    ['6.3¢/liter', { quantity: 'ten' }, 'quantity'],
    ['6.3¢/liter', { quantity: 'furlong=3' }, 'quantity'],
  ])('%j %j → error on field %s', (text, opts, field) => {
    const r = rateReport(text, opts);
    expect('error' in r && r.error.field).toBe(field);
    if ('error' in r) {
      expect(r.error.accepted).toBeTruthy();
      expect(Object.keys(r).sort()).toEqual(['error', 'text']);
    }
  });
});

describe('evaluateRate: special-program rates', () => {
  it('$1.034/kg + 17% (S+) on 100 kg worth $1,000 is $103.40 + $170.00, exactly', () => {
    const r = evalText('$1.034/kg + 17% (S+)', { value: dec(1000), quantity: dec(100) });
    expect(r.duty?.toFixed()).toBe('273.4');
    expect(r.formula).toBe('(S+) $1.034/kg × 100 kg = $103.40 + 17% × $1,000.00 = $170.00 → $273.40');
    expect(r.adValoremEquivalent?.toFixed()).toBe('27.34');
    expect(r.missing).toEqual([]);
    expect(r.notes).toEqual(['the special rate for goods that claim program S+']);
  });

  it('keeps every digit: $1.034/kg + 17% (S+) on 1,000.5 kg worth $0.10 is $1,034.534', () => {
    const r = evalText('$1.034/kg + 17% (S+)', { value: dec('0.10'), quantity: dec('1000.5') });
    expect(r.duty?.toFixed()).toBe('1034.534');
  });

  it('$1.12/kg (PA), 77.2¢/liter (S+), 17.1% (AU)', () => {
    expect(evalText('$1.12/kg (PA)', { quantity: dec('250.5') }).duty?.toFixed()).toBe('280.56');
    expect(evalText('77.2¢/liter (S+)', { quantity: dec(3) }).duty?.toFixed()).toBe('2.316');
    expect(evalText('17.1% (AU)', { value: dec('99.99') }).duty?.toFixed()).toBe('17.09829');
  });

  it('16.9¢/kg of total sugars + 5.1% (S+) takes the sugar quantity', () => {
    const r = evalText('16.9¢/kg of total sugars + 5.1% (S+)', {
      value: dec(500),
      quantities: { 'kg of total sugars': dec(40) },
    });
    expect(r.duty?.toFixed()).toBe('32.26'); // 6.76 + 25.50
  });

  it('a missing fact of the only group is named', () => {
    const r = evalText('$1.034/kg + 17% (S+)', { value: dec(1000) });
    expect(r.duty).toBeNull();
    expect(r.missing).toEqual(['quantity in kg']);
  });

  describe('several groups', () => {
    const text = 'Free (A,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG) 3.2% (JP)';
    it('without a program: no duty, the program is missing, every group in the formula', () => {
      const r = evalText(text, { value: dec(1000) });
      expect(r.duty).toBeNull();
      expect(r.missing).toEqual([
        'special program (one of A, AU, BH, CL, CO, D, E, IL, JO, KR, MA, OM, P, PA, PE, S, SG, JP)',
      ]);
      expect(r.formula).toBe(
        '(A,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG) Free = $0.00; (JP) 3.2% × $1,000.00 = $32.00',
      );
    });
    it('the program claimed picks its group', () => {
      expect(evalText(text, { value: dec(1000), program: 'JP' }).duty?.toFixed()).toBe('32');
      expect(evalText(text, { value: dec(1000), program: 'AU' }).duty?.toFixed()).toBe('0');
    });
    it('a program not listed has no special rate', () => {
      const r = evalText(text, { value: dec(1000), program: 'CA' });
      expect(r.duty).toBeNull();
      expect(r.missing).toEqual([]);
      expect(r.notes[0]).toMatch(/^program CA is not listed .*: the column 1 general rate applies$/);
    });
    it('No change (A,E) Free (CA,IL, MX) See U.S. note 3(e) (CO,PE)', () => {
      const t = 'No change (A,E) Free (CA,IL, MX) See U.S. note 3(e) (CO,PE)';
      expect(evalText(t, { value: dec(10), program: 'MX' }).duty?.toFixed()).toBe('0');
      const a = evalText(t, { value: dec(10), program: 'A' });
      expect(a.duty).toBeNull();
      expect(a.notes[1]).toMatch(/^no change/);
    });
  });

  it('Chapter 99 "+ 10% (CA, MX, S)" adds to the base duty', () => {
    const base = evaluateRate(parseRate('2.5%'), { value: dec(1000) });
    const r = evalText('The duty provided in the applicable subheading + 10% (CA, MX, S)', { value: dec(1000), base });
    expect(r.duty?.toFixed()).toBe('125');
  });
});

describe('rateReport: special-program rates', () => {
  it('$1.034/kg + 17% (S+), value 1000, quantity 100', () => {
    expect(rateReport('$1.034/kg + 17% (S+)', { value: '1000', quantity: '100' })).toEqual({
      text: '$1.034/kg + 17% (S+)',
      expr: {
        kind: 'special',
        groups: [
          {
            expr: {
              kind: 'compound',
              terms: [
                { kind: 'specific', amount: '1.034', currency: 'dollars', unit: 'kg' },
                { kind: 'adValorem', percent: '17' },
              ],
            },
            programs: ['S+'],
          },
        ],
      },
      duty: '273.40',
      adValoremEquivalent: 27.34,
      notes: ['the special rate for goods that claim program S+'],
      groups: [{ programs: ['S+'], text: '$1.034/kg + 17%', duty: '273.40', adValoremEquivalent: 27.34 }],
    });
  });

  it('several groups: each with its duty, the total needs the program', () => {
    const r = rateReport('Free (BH,CL,JO,MA,OM,P,PE,SG) 10¢/kg (KR) See 9822.04.35 (AU)', {
      value: '1000',
      quantity: '50',
    });
    expect(r).toMatchObject({
      duty: null,
      adValoremEquivalent: null,
      missing: ['special program (one of BH, CL, JO, MA, OM, P, PE, SG, KR, AU)'],
      groups: [
        {
          programs: ['BH', 'CL', 'JO', 'MA', 'OM', 'P', 'PE', 'SG'],
          text: 'Free',
          duty: '0.00',
          adValoremEquivalent: 0,
        },
        { programs: ['KR'], text: '10¢/kg', duty: '5.00', adValoremEquivalent: 0.5 },
        { programs: ['AU'], text: 'See 9822.04.35', duty: null, adValoremEquivalent: null },
      ],
    });
    expect(rateReport('Free (BH,CL) 10¢/kg (KR)', { quantity: '50', program: 'kr' })).toMatchObject({ duty: '5.00' });
  });

  it('a bad program is an error on the field program', () => {
    const r = rateReport('Free (BH,CL) 10¢/kg (KR)', { program: 'Korea' });
    expect('error' in r && r.error.field).toBe('program');
  });

  it('":" parses, with no duty', () => {
    expect(rateReport(':', { value: '10' })).toMatchObject({ expr: { kind: 'none' }, duty: null });
  });
});
