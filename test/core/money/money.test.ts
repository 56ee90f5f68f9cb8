import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { dec, formatUsd, formatUsdHuman, parseUsd, roundCents } from '../../../src/core/money/index.js';

describe('money', () => {
  it('is exact where binary floating point is not', () => {
    expect(dec('0.1').plus(dec('0.2')).toFixed()).toBe('0.3');
    expect(dec('0.063').times(1000).toFixed()).toBe('63');
  });

  it('rounds each duty component half-up to the cent', () => {
    expect(roundCents(dec('0.005')).toFixed(2)).toBe('0.01');
    expect(roundCents(dec('0.0049')).toFixed(2)).toBe('0.00');
    expect(roundCents(dec('2.675')).toFixed(2)).toBe('2.68');
    expect(roundCents(dec('165')).toFixed(2)).toBe('165.00');
  });

  it('formats plain and human dollars', () => {
    expect(formatUsd(dec('1690'))).toBe('1690.00');
    expect(formatUsd(dec('0.125'))).toBe('0.13');
    expect(formatUsdHuman(dec('1234567.891'))).toBe('$1,234,567.89');
    expect(formatUsdHuman(dec('63'))).toBe('$63.00');
  });

  it.each([
    ['1,000.00', '1000'],
    ['$1000', '1000'],
    ['1000', '1000'],
    ['$ 1,234.5', '1234.5'],
    ['0', '0'],
    [' 12.34 ', '12.34'],
  ])('parses %j as %s dollars', (input, want) => {
    expect(parseUsd(input, 'value').toFixed()).toBe(want);
  });

  it.each(['-5', '$-5', 'abc', '', '1.234', '1,00', '1e3', '12,34.00', 'NaN', '1 000'])(
    'rejects %j naming the field',
    (input) => {
      let err: unknown;
      try {
        parseUsd(input, 'value');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      const e = err as InputError;
      expect(e.field).toBe('value');
      expect(e.message).toContain('value');
      expect(e.accepted).toMatch(/1,000\.00/);
    },
  );

  it('says "negative" for negative amounts', () => {
    expect(() => parseUsd('-5', 'customsValue')).toThrow(/customsValue "-5" is negative/);
  });
});
