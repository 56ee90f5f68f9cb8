// The `tariff` command as a user runs it: output, JSON shapes of contracts.md, exit codes 0/1/2.
import { describe, expect, it } from 'vitest';
import { tariff } from '../helpers.js';

describe('tariff hts', () => {
  it('prints one line with its path, rates, Chapter 99 references and changes', async () => {
    const r = await tariff(['hts', '6109.10.0012', '--date', '2025-04-10']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("6109.10.0012  Men's (338)");
    expect(r.stdout).toContain('in 2025_rev_9');
    expect(r.stdout).toMatch(/General\s+16\.5%/);
    expect(r.stdout).toMatch(/Chapter 99\s+9903\.88\.15/);
  });

  it('--json gives the contract shape', async () => {
    const r = await tariff(['hts', '6109.10.00.12', '--revision', '2025_rev_9', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      hts: '6109.10.0012',
      revision: '2025_rev_9',
      units: ['doz.', 'kg'],
      general: { text: '16.5%', expr: { kind: 'adValorem', percent: '16.5' } },
      other: { text: '90%' },
      chapter99: ['9903.88.15'],
    });
    expect(j.path[0]).toMatch(/^T-shirts, singlets/);
    expect(j.special[0]).toMatchObject({ text: 'Free', programs: expect.arrayContaining(['AU', 'S', 'SG']) });
    expect(Array.isArray(j.changes)).toBe(true);
  });

  it('an 8-digit code lists the lines under it', async () => {
    const j = JSON.parse((await tariff(['hts', '6109100', '--json'])).stdout || '{}');
    expect(j.error?.field).toBe('hts');
    const r = await tariff(['hts', '6109.10.00', '--json']);
    expect(r.code).toBe(0);
    const k = JSON.parse(r.stdout);
    expect(k.isLine).toBe(false);
    expect(k.lines.map((l: { hts: string }) => l.hts)).toContain('6109.10.0012');
  });

  it('an unknown code exits 2 and suggests the nearest codes', async () => {
    const r = await tariff(['hts', '6109.10.0099']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('6109.10.0099');
    expect(r.stderr).toMatch(/did you mean: 6109\.10\.00/);
    const j = await tariff(['hts', '6109.10.0099', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error).toMatchObject({
      field: 'hts',
      accepted: expect.stringContaining('6109.10.0012'),
    });
  });

  it('a date outside the covered range exits 2 naming the range', async () => {
    const r = await tariff(['hts', '6109.10.0012', '--date', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2025-01-01');
    const bad = await tariff(['hts', '6109.10.0012', '--date', '2025-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('YYYY-MM-DD');
  });

  it('a date after the last revision is answered from it, with a warning naming where the data ends', async () => {
    const r = await tariff(['hts', '6109.10.0012', '--date', '2026-11-25']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('2026_rev_10');
    expect(r.stderr).toContain('tariff sync');
  });
});

describe('tariff diff', () => {
  it('shows China 9903.01.63 going from +84% to +125% between 2025 rev 8 and rev 9', async () => {
    const r = await tariff(['diff', '2025_rev_8', '2025_rev_9']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /9903\.01\.63\s+general\s+The duty provided in the applicable subheading \+ 84%\s+->\s+The duty provided in the applicable subheading \+ 125%/,
    );
  });

  it('an unknown revision exits 2', async () => {
    const r = await tariff(['diff', '2025_rev_8', '2025_rev_99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2025_rev_99');
  });
});

describe('tariff search', () => {
  it('ranks lines whose path has every word', async () => {
    const r = await tariff(['search', 'cotton', 't-shirts', 'men', '--limit', '5', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.hits).toHaveLength(5);
    expect(j.hits.map((h: { hts: string }) => h.hts)).toContain('6109.10.0012');
  });

  it('rejects a bad chapter with the accepted form', async () => {
    const r = await tariff(['search', 'steel', '--chapter', '123']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1 to 99');
  });
});

describe('tariff rate', () => {
  it('evaluates a specific rate exactly', async () => {
    const r = await tariff(['rate', '6.3¢/liter', '--value', '5000', '--quantity', '1000', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ text: '6.3¢/liter', duty: '63.00', adValoremEquivalent: 1.26 });
  });

  it('reads one expression per line from stdin', async () => {
    const r = await tariff(
      ['rate', '--input', '-', '--value', '1000'],
      'Free\n16.5%\nThe duty provided in the applicable subheading + 25%\n',
    );
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatchObject({ duty: '165.00' });
    expect(lines[2].expr.kind).toBe('applicable');
  });

  it('a bad value exits 2 naming the field', async () => {
    const r = await tariff(['rate', '5%', '--value', '-3', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.field).toBe('value');
  });
});

describe('tariff sources', () => {
  it('lists the revisions with their dates and the covered range', async () => {
    const r = await tariff(['sources', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.revisions).toHaveLength(44);
    expect(j.covered).toMatchObject({ from: '2025-01-01', lastRevision: '2026_rev_10' });
    expect(j.verified.files).toBeGreaterThan(100);
  });

  it('a changed source file is an error naming the file, never a silent answer', async () => {
    const { mkdtempSync, cpSync, appendFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'tariff-src-'));
    cpSync(join(process.cwd(), '..', 'shared', 'data'), dir, { recursive: true });
    const { chmodSync } = await import('node:fs');
    const victim = join(dir, 'usitc-change-records', '2025HTSRev9_change_record.txt');
    chmodSync(victim, 0o644);
    appendFileSync(victim, 'tampered\n');
    const cache = mkdtempSync(join(tmpdir(), 'tariff-cache-'));
    const r = await tariff(['--sources', dir, '--cache', cache, 'hts', '6109100012']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('2025HTSRev9_change_record.txt');
  });
});

describe('help and usage', () => {
  it('every command has --help and exits 0', async () => {
    for (const cmd of ['hts', 'search', 'rate', 'diff', 'sources', 'sync']) {
      const r = await tariff([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout).toContain('Usage: tariff');
    }
  });

  it('an unknown option is bad input (exit 2)', async () => {
    const r = await tariff(['hts', '6109100012', '--bogus']);
    expect(r.code).toBe(2);
  });
});
