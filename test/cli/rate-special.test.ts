// `tariff rate` on special-program rates as printed in the special column (issue 12, defect 9).
import { describe, expect, it } from 'vitest';
import { tariff } from '../helpers.js';

describe('tariff rate: special-program rates', () => {
  it("'$1.034/kg + 17% (S+)' --value 1000 --quantity 100 is $273.40", async () => {
    const r = await tariff(['rate', '$1.034/kg + 17% (S+)', '--value', '1000', '--quantity', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Kind\s+special$/m);
    expect(r.stdout).toMatch(/^Duty\s+\$273\.40$/m);
    expect(r.stdout).toMatch(/^Ad valorem eq\.\s+27\.34%$/m);
    expect(r.stdout).toMatch(/^\$1\.034\/kg \+ 17%\s+\$273\.40\s+S\+$/m);
    const j = await tariff(['rate', '$1.034/kg + 17% (S+)', '--value', '1000', '--quantity', '100', '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({
      duty: '273.40',
      adValoremEquivalent: 27.34,
      expr: { kind: 'special' },
    });
  });

  it('several program groups: each with its duty', async () => {
    const r = await tariff(['rate', 'Free (A,AU,BH,SG) 3.2% (JP)', '--value', '1000', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      duty: null,
      groups: [
        { programs: ['A', 'AU', 'BH', 'SG'], text: 'Free', duty: '0.00' },
        { programs: ['JP'], text: '3.2%', duty: '32.00' },
      ],
    });
  });

  it('reads special strings one per line', async () => {
    const r = await tariff(
      ['rate', '--input', '-', '--value', '1000', '--quantity', '10'],
      '$1.12/kg (PA)\n17.1% (AU)\nNo change (A,E) Free (CA,IL, MX) See U.S. note 3(e) (CO,PE)\n:\n',
    );
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { duty: string | null; expr: { kind: string } });
    expect(lines.map((l) => l.duty)).toEqual(['11.20', '171.00', null, null]);
    expect(lines.map((l) => l.expr.kind)).toEqual(['special', 'special', 'special', 'none']);
  });

  it('a program list without a rate exits 2', async () => {
    const r = await tariff(['rate', '(PA)']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(PA) has no rate before it');
  });
});
