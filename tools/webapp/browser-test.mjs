// The study web app in a real browser: Debian's Chromium driven by playwright-core (no browser download).
// Usage: node tools/webapp/browser-test.mjs <API base URL>   (.ci/webapp-check starts the service and calls this)
//
// The app is served twice: by qbank itself at <API>/app/, and, unchanged, by a static server on another origin (this
// script's own, on a free port) whose page is pointed at the API from its Account page. On the other origin it signs
// up, reviews three cards (the due queue advances; the third by keyboard only), sees the progress chart change, sees
// a 304, draws a quiz, hits the rate limit and recovers, survives going offline, and is asked for a key again after a
// 401. On qbank's own origin, at phone size, it signs in with the key and reviews. Screenshots go to
// target/webapp-screenshots/. The last line is "N passed, N failed".

import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const appDir = join(root, 'src/main/resources/META-INF/resources/app');
const shots = join(root, 'target/webapp-screenshots');
const api = (process.argv[2] || '').replace(/\/+$/, '');
if (!api) {
  console.error('usage: node tools/webapp/browser-test.mjs <API base URL>');
  process.exit(2);
}
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** The page a failing step screenshots. @type {import('playwright-core').Page | null} */
let current = null;
let passed = 0;
let failed = 0;
/**
 * @param {string} name
 * @param {() => Promise<void>} body
 */
async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok ${passed + failed} - ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed++;
    if (current) await current.screenshot({ path: join(shots, `failed-step-${passed + failed}.png`) }).catch(() => {});
    console.log(`not ok ${passed + failed} - ${name}\n  ${String(error && error.stack ? error.stack : error).split('\n').slice(0, 6).join('\n  ')}`);
    throw error;
  }
}
/** @param {unknown} ok @param {string} message */
function check(ok, message) {
  if (!ok) throw new Error(message);
}

// --- another origin: a plain static server for the same files ----------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.ts': 'text/plain' };
const files = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url || '/', 'http://x').pathname)).replace(/^\/+/, '');
  const file = join(appDir, path === '' ? 'index.html' : path);
  if (!file.startsWith(appDir)) {
    response.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((done) => files.listen(0, '127.0.0.1', done));
const otherOrigin = `http://127.0.0.1:${files.address().port}`;

await mkdir(shots, { recursive: true });
// The flags keep Chromium off the network it would otherwise reach for on its own (updates, sync, QUIC probes).
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
/** @param {import('playwright-core').Page} page */
function watch(page) {
  current = page;
  if (process.env.DEBUG) page.on('console', (message) => console.log(`  [console] ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
}

let key = '';
try {
  const desktop = await browser.newContext({ viewport: { width: 1200, height: 860 } });
  const page = await desktop.newPage();
  watch(page);
  /** Navigation by the header's links, as a learner clicks them. */
  const go = async (/** @type {string} */ name) => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  };
  const cardNumber = async () => Number(await page.locator('[data-number]').textContent());
  const ratingsSvg = async () => page.locator('[data-ratings-chart] svg').evaluate((svg) => svg.outerHTML);

  await step(`the app on another origin (${otherOrigin}) is pointed at the API (${api}) and signs up`, async () => {
    await page.goto(`${otherOrigin}/`);
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    await page.getByLabel('API base URL').fill(api);
    await page.getByRole('button', { name: 'Use this server' }).click();
    await page.getByRole('status').filter({ hasText: `Using the API at ${api}` }).waitFor();
    await page.getByLabel('Your name').fill('Ada from the browser test');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.locator('[data-new-key-secret]').filter({ hasText: /^qb_/ }).waitFor();
    key = await page.evaluate(() => localStorage.getItem('qbank.key'));
    check(key && key.startsWith('qb_'), 'the key is kept in localStorage');
    check(!page.url().includes(key), 'the key is not in the URL');
    await page.locator('[data-user-name]').filter({ hasText: 'Ada from the browser test' }).waitFor();
    const budget = await page.locator('#budget-text').textContent();
    check(/\d+ of \d+ requests left \(user/.test(budget || ''), `the RateLimit budget is shown: ${budget}`);
  });

  let before = '';
  await step('progress starts empty', async () => {
    await go('Progress');
    await page.locator('[data-ratings-chart] svg').waitFor();
    before = await ratingsSvg();
    check(!before.includes('class="bar '), 'no bars before any attempt');
  });

  const seen = [];
  await step('review: two cards rated with the mouse; the due queue advances', async () => {
    await go('Review');
    for (const rating of ['Good', 'Easy']) {
      await page.locator('[data-card]').waitFor();
      const number = await cardNumber();
      seen.push(number);
      await page.getByRole('button', { name: 'Show the notes' }).click();
      await page.locator('[data-notes-text]').filter({ hasText: /./ }).waitFor();
      await page.getByRole('button', { name: new RegExp(`^${rating}`) }).click();
      await page.locator('[data-result]').filter({ hasText: `Question ${number} rated ${rating.toLowerCase()}` }).waitFor();
      check(/next review .*\(/.test((await page.locator('[data-result]').textContent()) || ''), 'the next due time is shown');
      await page.waitForFunction((n) => document.querySelector('[data-number]')?.textContent !== String(n), number);
    }
    check(seen[0] !== seen[1], `two different cards: ${seen}`);
  });

  await step('review: the third card by keyboard only, with a visible focus ring', async () => {
    await page.locator('[data-card]').waitFor();
    const number = await cardNumber();
    seen.push(number);
    check(!seen.slice(0, 2).includes(number), `a new card: ${seen}`);
    // From the top of the page, Tab until "Show the notes" has the focus.
    await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
    let focused = '';
    for (let i = 0; i < 40 && focused !== 'Show the notes'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent?.trim() || '');
    }
    check(focused === 'Show the notes', 'Tab reaches the card');
    const outline = await page.evaluate(() => getComputedStyle(/** @type {Element} */ (document.activeElement)).outlineStyle);
    check(outline !== 'none', `the focused button shows a focus ring (${outline})`);
    await page.keyboard.press('Enter');
    await page.locator('[data-notes]').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-rating') === 'good');
    await page.screenshot({ path: join(shots, 'review-desktop.png') });
    await page.keyboard.press('Enter');
    await page.locator('[data-result]').filter({ hasText: `Question ${number} rated good` }).waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-number]')?.textContent !== String(n), number);
    const next = await cardNumber();
    check(!seen.includes(next), `the queue moved on to a fourth card (${seen} then ${next})`);
  });

  await step('progress: the chart changed (the SVG differs and has bars)', async () => {
    await go('Progress');
    await page.locator('[data-timelines] svg').first().waitFor();
    const after = await ratingsSvg();
    check(after !== before, 'the ratings chart changed');
    check(after.includes('class="bar good"') && after.includes('class="bar easy"'), 'bars for good and easy');
    const days = await page.locator('[data-timelines] svg rect.bar').count();
    check(days > 0, 'the attempts-over-time charts have bars');
    const overall = await page.locator('[data-overall]').textContent();
    check(/^3 attempts/.test(overall || ''), `overall: ${overall}`);
    await page.screenshot({ path: join(shots, 'progress-desktop.png'), fullPage: true });
  });

  await step('browse: search with filters, page by cursor, and a 304 shown on the way back', async () => {
    await go('Browse');
    await page.locator('[data-results] li').first().waitFor();
    await page.getByLabel('Search').fill('cache');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('[data-results] mark').first().waitFor();
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Difficulty').selectOption('senior');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-results] .meta')].every((m) => m.textContent?.includes('senior')));
    await page.getByLabel('Difficulty').selectOption('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForFunction(() => document.querySelector('[data-results] .meta')?.textContent?.startsWith('#11 '));
    await go('Review');
    await go('Browse');
    await page.locator('[data-fresh]').filter({ hasText: '304' }).waitFor();
    await page.screenshot({ path: join(shots, 'browse-304-desktop.png') });
  });

  await step('quiz: draw three questions, answer one, see what was served', async () => {
    await go('Quiz');
    await page.getByLabel('Questions').fill('3');
    await page.getByRole('button', { name: 'Draw a quiz' }).click();
    await page.locator('[data-summary]').filter({ hasText: 'Served 3 of 3 requested' }).waitFor();
    await page.getByLabel('Your answer').first().fill('An answer typed in the browser test');
    await page.locator('[data-questions] li').first().getByRole('button', { name: 'Good' }).click();
    await page.locator('[data-questions] .answered').first().waitFor();
    await page.locator('[data-summary]').filter({ hasText: 'answered 1 so far' }).waitFor();
    await page.screenshot({ path: join(shots, 'quiz-desktop.png') });
  });

  await step("phone-sized, on qbank's own origin: paste the key and review a card", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    watch(small);
    await small.goto(`${api}/app/`);
    await small.getByRole('heading', { name: 'Account' }).waitFor();
    await small.getByLabel('API key').fill(key);
    await small.getByRole('button', { name: 'Use this key' }).click();
    await small.locator('[data-card]').waitFor();
    const width = await small.evaluate(() => document.documentElement.scrollWidth);
    check(width <= 390, `no horizontal scrolling at phone width (${width}px)`);
    await small.getByRole('button', { name: 'Show the notes' }).tap();
    await small.locator('[data-notes-text]').filter({ hasText: /./ }).waitFor();
    await small.evaluate(() => window.scrollTo(0, 0));
    await small.screenshot({ path: join(shots, 'review-phone.png'), fullPage: true });
    await small.getByRole('link', { name: 'Progress' }).tap();
    await small.locator('[data-timelines] svg').first().waitFor();
    await small.screenshot({ path: join(shots, 'progress-phone.png'), fullPage: true });
    await phone.close();
    current = page;
  });

  await step('rate limit: the budget runs out, the app shows the wait (Retry-After) and then succeeds', async () => {
    await go('Review');
    // Spend the rest of the user's quota from outside the page (same key, same bucket).
    let status = 0;
    for (let i = 0; i < 200 && status !== 429; i++) {
      status = (await fetch(`${api}/v1/users/me`, { headers: { Authorization: `Bearer ${key}` } })).status;
    }
    check(status === 429, 'the quota was spent');
    await go('Progress');
    await page.locator('#wait').filter({ hasText: /Rate limit reached \(429\)\. Retrying in \d+ s/ }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(shots, 'rate-limited-desktop.png') });
    await page.locator('#wait').waitFor({ state: 'hidden', timeout: 30000 });
    await page.locator('[data-timelines] svg').first().waitFor({ timeout: 30000 });
    check(/Retrying now/.test((await page.getByRole('status').textContent()) || ''), 'the status says it retried');
  });

  await step('offline: the app says so and carries on when the network is back', async () => {
    await desktop.setOffline(true);
    await go('Browse').catch(() => {});
    await page.locator('#offline').waitFor();
    await desktop.setOffline(false);
    await page.locator('#offline').waitFor({ state: 'hidden' });
    await page.locator('[data-results] li').first().waitFor({ timeout: 30000 });
  });

  await step('401: a refused key sends the learner back to the account page', async () => {
    await page.evaluate(() => localStorage.setItem('qbank.key', 'qb_ThisKeyWasNeverIssuedByTheServer0000000000000'));
    await page.goto(`${otherOrigin}/#/review`);
    await page.reload();
    await page.locator('[data-notice]').filter({ hasText: '401' }).waitFor();
    check((await page.evaluate(() => localStorage.getItem('qbank.key'))) === null, 'the refused key is forgotten');
  });
  await desktop.close();

  await step('no page error and no Content-Security-Policy violation anywhere', async () => {
    check(problems.length === 0, problems.join('\n'));
  });
} catch {
  // The failing step has been reported; what follows is the summary.
} finally {
  await browser.close();
  files.close();
}
console.log(`screenshots: ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
