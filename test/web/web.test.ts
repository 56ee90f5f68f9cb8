// The web app in a real browser: playwright-core drives Debian's chromium (/usr/bin/chromium; CI installs it with
// apt) against buildApp on the real schedule, law and fees, listening on 127.0.0.1. Each page's main path, and a
// screenshot of each page under test-results/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLawFor } from '../../src/cli/law.js';
import { loadFees } from '../../src/load/fees.js';
import { lawDir } from '../../src/load/index.js';
import { buildApp } from '../../src/server/app.js';
import { realContext, ROOT } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const WEB_DIST = join(ROOT, 'web', 'dist');
const SHOTS = join(ROOT, 'test-results');
const SAMPLE = join(ROOT, 'examples', 'entries.csv');

/** The newest modification time of the web app's sources (web/src, index.html, vite.config.ts). */
function newestSource(): number {
  const web = join(ROOT, 'web');
  let newest = Math.max(statSync(join(web, 'index.html')).mtimeMs, statSync(join(web, 'vite.config.ts')).mtimeMs);
  for (const e of readdirSync(join(web, 'src'), { recursive: true, withFileTypes: true }))
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  return newest;
}

let app: FastifyInstance;
let browser: BrowserContext;
let profile: string;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `the browser tests need Debian's chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` ` +
        '(.ci/run does)',
    );
  // Build the app when it is missing or older than its sources.
  const built = join(WEB_DIST, 'index.html');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource())
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  const ctx = await realContext();
  app = await buildApp({
    schedule: ctx.schedule,
    law: loadLawFor(ctx),
    fees: loadFees(lawDir()),
    cacheDir: ctx.cacheDir,
    sourcesDir: ctx.sourcesDir,
    sourcesKey: ctx.verified.key,
    rateLimit: false,
    webDir: WEB_DIST,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (typeof addr !== 'object' || !addr) throw new Error('the server has no address');
  base = `http://127.0.0.1:${addr.port}`;
  mkdirSync(SHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'tariff-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A new page that fails the test on any console error or failed request of the app. */
async function open(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}${url}`);
  return { page, problems };
}

describe('the web app', () => {
  it('serves index.html for client routes and keeps the API 404 as JSON', async () => {
    const page = await fetch(`${base}/browse?code=6109`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const api = await fetch(`${base}/api/nope`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { field: string } }).error.field).toBe('url');
  });

  it('Quote: search-as-you-type, then a Chinese cotton T-shirt on 2025-04-10 is 169%, $1,690.00', async () => {
    const { page, problems } = await open('/');
    await page.getByLabel('HTS code or words').pressSequentially('cotton t-shirts', { delay: 20 });
    const option = page.getByRole('option', { name: /6109\.10\.0012/ });
    await option.waitFor();
    // Keyboard: arrow down to the hit and pick it with Enter.
    const options = await page.getByRole('option').allTextContents();
    const at = options.findIndex((t) => t.includes('6109.10.0012'));
    for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('HTS code or words').inputValue()).toBe('6109.10.0012');
    await page.getByLabel('Country of origin').fill('CN');
    await page.getByLabel('Date of entry').fill('2025-04-10');
    await page.getByLabel('Customs value (USD)').fill('1000');
    await page.getByRole('button', { name: 'Quote', exact: true }).click();

    await expect.poll(() => page.getByTestId('total-rate').textContent()).toBe('169%');
    expect(await page.getByTestId('total-duty').textContent()).toBe('$1,690.00');
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      hts: '6109.10.0012',
      country: 'CN',
      date: '2025-04-10',
      value: '1000',
    });
    const rows = page.locator('table.components tbody tr');
    expect(await rows.count()).toBe(4);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent?.trim())),
    );
    expect(cells).toEqual([
      ['MFN (column 1)', '–', '16.5%', '16.5%', '$165.00'],
      ['Section 301', '9903.88.15', '+7.5%', '7.5%', '$75.00'],
      ['IEEPA fentanyl', '9903.01.24', '+20%', '20%', '$200.00'],
      ['IEEPA reciprocal', '9903.01.63', '+125%', '125%', '$1,250.00'],
    ]);
    // The legal source links to the Federal Register when the citation has an address.
    expect(await page.locator('table.components a[href^="https://www.federalregister.gov/"]').count()).toBeGreaterThan(
      0,
    );
    await expect.poll(() => page.getByRole('heading', { name: 'Measures that did not apply' }).count()).toBe(1);

    // The timeline: steps at the law's own dates, numbered and listed with the measures that changed; the date
    // quoted is marked.
    await page.locator('section.timeline .chart svg').waitFor();
    expect(await page.locator('ol.events > li').count()).toBeGreaterThan(5);
    const step = page.locator('ol.events > li[data-date="2025-04-10"]');
    expect(await step.textContent()).toMatch(
      /^2025-04-10 128% → 169%.*IEEPA reciprocal tariff: 9903\.01\.63, \+84% → \+125%/,
    );
    expect(await step.getAttribute('aria-current')).toBe('date');
    await page.screenshot({ path: join(SHOTS, 'web-quote.png'), fullPage: true });
    await page.locator('section.timeline').screenshot({ path: join(SHOTS, 'web-quote-timeline.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Quote, law to 2026-12-03: a Brazilian T-shirt on 2026-08-03 pays Brazil 25% and forced labor 12.5% (54%), at desktop and phone widths', async () => {
    const { page, problems } = await open('/?hts=6109.10.0012&country=BR&date=2026-08-03&value=1000');
    await expect.poll(() => page.getByTestId('total-rate').textContent()).toBe('54%');
    expect(await page.getByTestId('total-duty').textContent()).toBe('$540.00');
    const cells = await page
      .locator('table.components tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent?.trim())),
      );
    expect(cells).toEqual([
      ['MFN (column 1)', '–', '16.5%', '16.5%'],
      ['Section 301', '9903.05.01', '+25%', '25%'],
      ['Section 301', '9903.05.27', '+12.5%', '12.5%'],
    ]);
    // The headings are not in the sources' HTS yet: the page says so.
    await expect
      .poll(async () => (await page.locator('body').textContent()) ?? '')
      .toMatch(/not yet in the sources' HTS/);
    await page.screenshot({ path: join(SHOTS, 'web-quote-2026h2.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => document.querySelector('article.result')?.scrollIntoView());
    await page.screenshot({ path: join(SHOTS, 'web-quote-2026h2-phone.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Quote timeline: a Japanese car steps to 15% on 2025-09-16 and Canadian steel to 50% on 2025-06-04, the law’s dates, at desktop and phone widths', async () => {
    const { page, problems } = await open('/?hts=8703.23.0190&country=JP&date=2025-09-16');
    await expect.poll(() => page.getByTestId('total-rate').textContent()).toBe('15%');
    const timeline = page.locator('section.timeline');
    await timeline.locator('.chart svg').waitFor();
    const step = timeline.locator('ol.events > li[data-date="2025-09-16"]');
    const text = (await step.textContent()) ?? '';
    expect(text).toMatch(/^2025-09-16 27\.5% → 15%/);
    expect(text).toContain('Section 232 automobiles, light trucks and automobile parts: 9903.94.01 → 9903.94.41');
    expect(await step.getAttribute('aria-current')).toBe('date');
    // No step on the first of the month after: the law changes the rate on 2025-09-16.
    expect(await timeline.locator('ol.events > li[data-date="2025-10-01"]').count()).toBe(0);
    // The headline and the timeline agree on the date quoted.
    expect(await timeline.locator('.legend').textContent()).toContain('the date quoted above, 2025-09-16 (15%)');
    await timeline.screenshot({ path: join(SHOTS, 'web-timeline-jp-car.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await timeline.screenshot({ path: join(SHOTS, 'web-timeline-jp-car-phone.png') });

    await page.goto(`${base}/?hts=7208.10.1500&country=CA&date=2025-06-04`);
    await expect.poll(() => page.getByTestId('total-rate').textContent()).toBe('50%');
    const steel = page.locator('section.timeline ol.events > li[data-date="2025-06-04"]');
    await steel.waitFor();
    expect(await steel.textContent()).toMatch(/^2025-06-04 25% → 50%.*9903\.81\.87 \+50%/);
    expect(await page.locator('section.timeline ol.events > li[data-date="2025-07-01"]').count()).toBe(0);
    await page.locator('section.timeline').screenshot({ path: join(SHOTS, 'web-timeline-ca-steel-phone.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Quote: Canadian bourbon imported on 2026-10-15 may not be entered; imported before the ban it pays 60%', async () => {
    const { page, problems } = await open('/?hts=2208.30.6020&country=CA&date=2026-10-15&value=1000');
    const banned = page.getByTestId('prohibited');
    await banned.waitFor();
    expect(await banned.textContent()).toMatch(/may not be entered.*Alcoholic beverages of Canada.*2026-09-29/);
    expect(await page.getByTestId('total-rate').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'web-quote-prohibited.png'), fullPage: true });
    await page.getByLabel('Imported (arrived) on').fill('2026-09-20');
    await page.getByRole('button', { name: 'Quote', exact: true }).click();
    await expect.poll(() => page.getByTestId('total-rate').textContent()).toBe('60%');
    expect(new URL(page.url()).searchParams.get('imported')).toBe('2026-09-20');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Quote: a bad country shows the API error with its field and accepted form', async () => {
    const { page } = await open('/?hts=6109.10.0012&country=XX&date=2025-04-10');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('Error in country');
    expect(text).toContain('Accepted:');
    await page.screenshot({ path: join(SHOTS, 'web-quote-error.png'), fullPage: true });
    await page.close();
  });

  it('Browse: a line shows its path, rates, Chapter 99 references; a heading lists its lines as links', async () => {
    const { page, problems } = await open('/browse?code=6109.10.0012');
    const path = page.getByRole('navigation', { name: 'Path in the schedule' });
    await path.waitFor();
    const steps = await path.locator('li').allTextContents();
    expect(steps[0]).toContain('T-shirts, singlets, tank tops and similar garments');
    expect(steps.join(' | ')).toContain('Of cotton');
    expect(steps.at(-1)).toContain("Men's (338)");
    expect(await page.locator('.rates').textContent()).toContain('16.5%');
    expect(await page.getByRole('link', { name: '9903.88.15' }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'web-browse.png'), fullPage: true });

    // Up to the heading, then down to a line through the table of lines.
    await path.getByRole('link', { name: /^6109 / }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('code')).toBe('6109');
    const child = page.locator('table.compact').getByRole('link', { name: '6109.10.0012' });
    await child.waitFor();
    await child.click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toContain('6109.10.0012');

    // The search box.
    await page.getByLabel('Search descriptions').fill('cotton t-shirts');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.hit-list li').first().waitFor();
    expect(await page.locator('.hit-list').textContent()).toContain('6109.10.0012');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Countries: every origin of a cotton T-shirt on 2025-04-10 ranked, China last at 169%', async () => {
    const { page, problems } = await open('/countries?hts=6109.10.0012&date=2025-04-10');
    await page.locator('.chart.bars svg').waitFor();
    expect(await page.getByLabel('HTS code or words').inputValue()).toBe('6109.10.0012');
    expect(await page.getByRole('link', { name: 'Countries', exact: true }).getAttribute('aria-current')).toBe('page');
    const rows = page.locator('table.origins tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    const last = rows.last();
    expect(await last.locator('td').nth(1).textContent()).toBe('169%');
    expect(await last.textContent()).toContain('China (CN)');
    expect(await last.textContent()).toContain('9903.01.63');
    // No value: no duty column.
    expect(await page.locator('table.origins thead th').allTextContents()).toEqual([
      'Rank',
      'Total',
      'Countries',
      'Additional duties',
    ]);
    await page.screenshot({ path: join(SHOTS, 'web-countries.png'), fullPage: true });

    // With a value, from the form: the URL keeps the state and the duty column appears.
    await page.getByLabel('Customs value (USD)').fill('1000');
    await page.getByLabel('Customs value (USD)').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('value')).toBe('1000');
    await expect.poll(() => rows.last().locator('td').nth(2).textContent()).toBe('$1,690.00');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Countries: an unknown code shows the API error', async () => {
    const { page } = await open('/countries?hts=6109.10.0013&date=2025-04-10');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Error in hts');
    await page.close();
  });

  it('Entries: the sample file gives the counts, totals, per-entry fees and a CSV download', async () => {
    const { page, problems } = await open('/entries');
    await page.getByLabel('Upload a CSV file').setInputFiles(SAMPLE);
    const counts = page.getByTestId('counts');
    await counts.waitFor();
    const stat = async (name: string) =>
      (
        await counts
          .locator('div', { has: page.locator('dt', { hasText: name }) })
          .locator('dd')
          .textContent()
      )?.trim();
    expect(await stat('Lines')).toBe('8');
    expect(await stat('Computed')).toBe('7');
    expect(await stat('Errors')).toBe('1');
    expect(await stat('Entries')).toBe('4');
    expect(await page.getByTestId('total-duty').textContent()).toBe('$93,983.00');
    expect(await page.getByTestId('total-refund').textContent()).toBe('$7,760.00');
    expect(await page.locator('table.lines tbody tr').count()).toBe(8);
    expect(await page.locator('table.lines tbody tr.bad').count()).toBe(1);
    expect(await page.getByTestId('line-errors').textContent()).toContain('ABC-4567890-1 line 2');
    await page.screenshot({ path: join(SHOTS, 'web-entries.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the lines (CSV)' }).click(),
    ]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^entry,line,date,hts,country,value,mfn,/);
    expect(csv).toHaveLength(9);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Effective rates: April 2025 by authority as a stacked area, with tips and the values table', async () => {
    const { page, problems } = await open('/rates?from=2025-03-25&to=2025-04-20&by=authority');
    await page.getByRole('heading', { name: /Mean additional rate by authority/ }).waitFor({ timeout: 60_000 });
    const chart = page.locator('.chart svg').last();
    await chart.waitFor();
    expect(await page.locator('.chart svg path').count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByLabel('Show').inputValue()).toBe('authority');
    // The tip on hover.
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6);
    await page.locator('.chart [aria-label="tip"] text').first().waitFor({ timeout: 5000 });
    await page.getByText('Values on each change date as a table').click();
    await expect.poll(() => page.locator('table.compact tbody tr').count()).toBeGreaterThan(3);
    await page.screenshot({ path: join(SHOTS, 'web-rates.png'), fullPage: true });
    // A bad date is the API error, named.
    await page.goto(`${base}/rates?from=2024-01-01&to=2025-04-20`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('from');
    expect(problems.filter((p) => !/400/.test(p))).toEqual([]);
    await page.close();
  }, 90_000);

  it('Countries, one country over time: China by authority and mean vs weighted, linked to Effective rates', async () => {
    const { page, problems } = await open('/countries?view=country&country=CN&from=2025-03-25&to=2025-04-20');
    await page
      .getByRole('heading', { name: 'Imports from CN, 2025-03-25 to 2025-04-20' })
      .waitFor({ timeout: 120_000 });
    expect(await page.locator('.chart:has(svg)').count()).toBe(2);
    expect(await page.getByRole('link', { name: 'Countries', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('link', { name: 'One country over time' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('textbox', { name: 'Country' }).inputValue()).toBe('CN');
    const rates = page.getByRole('link', { name: 'Open in Effective rates' });
    expect(new URL((await rates.getAttribute('href'))!, base).searchParams.get('country')).toBe('CN');
    // The stacked areas name the authorities in the legend; the table lists each change date.
    const legend = await page.locator('.chart').first().textContent();
    expect(legend).toContain('IEEPA reciprocal');
    expect(legend).toContain('IEEPA fentanyl');
    await page.getByText('Values on each change date as a table').click();
    const table = page.getByTestId('country-table');
    const cells = async (date: string) =>
      table
        .locator('tr', { has: page.locator('td', { hasText: date }) })
        .locator('td')
        .allTextContents();
    const before = await cells('2025-03-25');
    const after = await cells('2025-04-10');
    expect(parseFloat(after[1]!)).toBeGreaterThan(parseFloat(before[1]!) + 50);
    await page.screenshot({ path: join(SHOTS, 'web-country.png'), fullPage: true });
    // The ranked view links each country to its view.
    await page.getByRole('link', { name: 'Rank the origins of a product' }).click();
    await page.getByLabel('HTS code or words').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);

  it('Compare revisions: 2025_rev_8 to 2025_rev_9 re-rates 9903.01.63 from +84% to +125%; pickers and links', async () => {
    const { page, problems } = await open('/diff?from=2025_rev_8&to=2025_rev_9');
    const rerated = page.getByTestId('ch99-rerated');
    await rerated.waitFor();
    expect(await page.getByRole('link', { name: 'Browse', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('link', { name: 'Compare revisions' }).getAttribute('aria-current')).toBe('page');
    const row = rerated.locator('tr', { has: page.getByRole('link', { name: '9903.01.63' }) });
    expect(await row.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['9903.01.63', 'general', '+84%', '+125%']),
    );
    expect(await page.getByTestId('diff-counts').textContent()).toMatch(/^Chapter 99 headingsAdded0Removed0Re-rated1/);
    expect(await page.getByLabel('From revision').inputValue()).toBe('2025_rev_8');
    await page.screenshot({ path: join(SHOTS, 'web-diff.png'), fullPage: true });

    // The pickers, with the keyboard: a year of changes, lines included.
    await page.getByLabel('From revision').selectOption('2025_basic');
    await page.getByLabel('To revision').selectOption('2026_basic');
    await page.getByRole('button', { name: 'Compare' }).press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('to')).toBe('2026_basic');
    const lines = page.getByTestId('lines-rerated');
    await lines.waitFor();
    expect(await lines.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'web-diff-year.png') });
    // A line opens in Browse, in the revision of the comparison.
    const first = lines.locator('tbody tr a').first();
    const code = (await first.textContent())!;
    await first.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('revision')).toBe('2026_basic');
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toContain(code);
    // An unknown revision in the URL is the API's error, naming the field.
    await page.goto(`${base}/diff?from=2025_rev_99&to=2025_rev_9`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Error in from');
    expect(problems.filter((p) => !/404/.test(p))).toEqual([]);
    await page.close();
  });

  it('Scenarios: Japan without the pause, 26.5% against 40.5%; a series; an error naming the change and key', async () => {
    const { page, problems } = await open('/scenarios');
    await page.getByRole('option', { name: /japan-no-pause\.yaml/ }).waitFor({ state: 'attached' });
    await page.getByLabel('Example scenario').selectOption('japan-no-pause.yaml');
    await expect.poll(() => page.getByLabel('Scenario (YAML)').inputValue()).toContain('9903.01.53');
    await page.getByLabel('HTS code or words').fill('6109.10.0012');
    await page.getByLabel('Country of origin').fill('JP');
    await page.getByLabel('Date of entry').fill('2025-05-01');
    await page.getByLabel('Customs value (USD)').fill('1000');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.getByTestId('total-baseline').textContent()).toBe('26.5%');
    expect(await page.getByTestId('total-alternative').textContent()).toBe('40.5%');
    expect(await page.getByTestId('total-difference').textContent()).toBe('+14 pp');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      example: 'japan-no-pause.yaml',
      hts: '6109.10.0012',
      country: 'JP',
      date: '2025-05-01',
      value: '1000',
    });
    const rows = await page
      .locator('table.side-by-side tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows).toContainEqual(['IEEPA reciprocal', '9903.01.25', '10%', '–', '−10 pp']);
    expect(rows).toContainEqual(['IEEPA reciprocal', '9903.01.53', '–', '24%', '+24 pp']);
    expect(await page.locator('table.side-by-side tfoot').textContent()).toContain('+$140.00');

    // With a series: both laws day by day, as two step lines, and the difference.
    await page.getByLabel('From').fill('2025-03-25');
    await page.getByLabel('To', { exact: true }).fill('2025-04-20');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('heading', { name: /Mean additional rate over all lines and countries/ }).waitFor({
      timeout: 150_000,
    });
    expect(await page.locator('.series .chart:has(svg)').count()).toBe(2);
    expect(await page.locator('.series .chart').first().textContent()).toContain('Scenario');
    await page.screenshot({ path: join(SHOTS, 'web-scenarios.png'), fullPage: true });
    await page
      .locator('.series .chart')
      .first()
      .screenshot({ path: join(SHOTS, 'web-scenarios-series.png') });

    // An edited scenario with a bad rate: the error names the change and the key, the URL keeps the text.
    const yaml = await page.getByLabel('Scenario (YAML)').inputValue();
    await page.getByLabel('Scenario (YAML)').fill(yaml.replace('rate: "+24%"', 'rate: "24"'));
    await page.getByLabel('From').fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Run' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent())!;
    expect(text).toContain('Error in scenario.changes[1].add.rate');
    expect(text).toContain('change 2 of the list (add), key rate');
    expect(new URL(page.url()).searchParams.get('yaml')).toContain('rate: "24"');
    expect(await page.getByLabel('Scenario (YAML)').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'web-scenarios-error.png'), fullPage: true });
    expect(problems.filter((p) => !/400/.test(p))).toEqual([]);
    await page.close();
  }, 240_000);
});
