/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsOf, type Insights } from '../../runner/insights/index.ts';
import { readPostmortemDir } from '../../runner/postmortem/index.ts';
import { buildSite, previewSite, selectForSite, type BuildSiteResult, type PreviewServer } from '../../runner/site/index.ts';
import { BROKEN_FILE, HOSTILE_SLUG, TIMELINE_SLUG, writeSiteCorpus } from './corpus.ts';

/**
 * The built site in a real browser (Debian's chromium through playwright-core), over the fixture corpus
 * (test/site/corpus.ts). The corpus is built once; expected figures come from runner/insights over the same
 * files, not from numbers written here.
 */

const NOW = '2025-05-01';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir: string;
let built: BuildSiteResult;
let server: PreviewServer;
let browser: Browser;
let expected: Insights;
let published: number;

/** A page that records what a user would see go wrong: console errors, uncaught errors, dialogs (alert()). */
interface Watched {
  page: Page;
  problems: string[];
  dialogs: string[];
}

const watch = async (context: BrowserContext): Promise<Watched> => {
  const page = await context.newPage();
  const watched: Watched = { page, problems: [], dialogs: [] };
  page.on('console', (message) => {
    // A failed load is reported with its address by the response listener below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) watched.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) watched.problems.push(`${response.status()} for ${response.url()} (from ${page.url()})`);
  });
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return watched;
};

const url = (path: string): string => new URL(path.replace(/^\//, ''), server.url).href;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gameday-site-browser-'));
  const postmortems = join(dir, 'postmortems');
  writeSiteCorpus(postmortems);
  built = await buildSite({ postmortemsDir: postmortems, outDir: join(dir, 'dist'), now: NOW, ticks: false, logLevel: 'error', cacheDir: join(dir, 'cache') });
  server = await previewSite({ dir: built.outDir, host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const used = selectForSite(await readPostmortemDir(postmortems)).used;
  published = used.length;
  expected = insightsOf(
    used.map(({ postmortem }) => ({ path: postmortem.path, frontMatter: postmortem.frontMatter, actionItems: postmortem.actionItems })),
    { now: NOW },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the built site in a browser', () => {
  it('reports the broken file, skips it, and publishes the rest', () => {
    expect(built.skipped.map((file) => file.path.split('/').pop())).toEqual([BROKEN_FILE]);
    expect(built.postmortems).toBe(published);
  });

  it('opens on the overview, whose trend charts hold one mark per measured run', async () => {
    const context = await browser.newContext();
    const { page, problems } = await watch(context);
    await page.goto(url('/'));
    await expect(page.title()).resolves.toMatch(/gameday/i);
    const series = [
      ['month-time-to-detect', 'timeToDetect'],
      ['month-time-to-acknowledge', 'timeToAcknowledge'],
      ['month-time-to-recover', 'timeToRecover'],
      ['week-time-to-detect', 'timeToDetect'],
      ['week-time-to-recover', 'timeToRecover'],
    ] as const;
    for (const [id, key] of series) {
      const per = id.startsWith('month') ? expected.trends.month.all : expected.trends.week.all;
      const points = per.reduce((sum, period) => sum + period[key].points.length, 0);
      expect(points, id).toBeGreaterThan(0);
      await expect(page.locator(`figure[data-series="${id}"] circle.mark`).count(), id).resolves.toBe(points);
      // The chart says what it shows to a screen reader and has its data as a table.
      await expect(page.locator(`figure[data-series="${id}"] svg title`).count()).resolves.toBeGreaterThan(0);
      await expect(page.locator(`figure[data-series="${id}"] table`).count()).resolves.toBe(1);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists the recurring failure modes the corpus holds', async () => {
    const context = await browser.newContext();
    const { page, problems } = await watch(context);
    await page.goto(url('/recurring/'));
    const shown = await page.locator('article.cluster[data-fingerprint]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-fingerprint')));
    expect(shown).toEqual(expected.recurring.failureModes.map((cluster) => cluster.fingerprint));
    const recurring = expected.recurring.failureModes.filter((cluster) => cluster.count > 1);
    expect(recurring.length).toBeGreaterThan(0);
    for (const cluster of recurring) {
      await expect(page.locator(`article.cluster[data-fingerprint="${cluster.fingerprint}"]`).innerText()).resolves.toContain(String(cluster.count));
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows a postmortem's timeline: its faults and alerts as spans, responses and recoveries as moments", async () => {
    const context = await browser.newContext();
    const { page, problems } = await watch(context);
    await page.goto(url(`/postmortems/${TIMELINE_SLUG}/`));
    const chart = page.locator('figure[data-chart="timeline"]');
    await expect(chart.locator('rect.mark.span').count()).resolves.toBe(5);
    await expect(chart.locator('circle.mark.moment').count()).resolves.toBe(3);
    await expect(chart.locator('rect.mark.span.fault').count()).resolves.toBe(2);
    await expect(chart.locator('rect.mark.span.alert.open').count()).resolves.toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('has no broken internal link and no console error on any page', async () => {
    const context = await browser.newContext();
    const watched = await watch(context);
    const origin = new URL(server.url).origin;
    const queue = [url('/')];
    const seen = new Set<string>();
    const broken: string[] = [];
    while (queue.length > 0) {
      const next = queue.shift() ?? '';
      if (seen.has(next)) continue;
      seen.add(next);
      const response = await watched.page.goto(next);
      if (response === null || response.status() !== 200) {
        broken.push(`${next}: ${response?.status() ?? 'no response'}`);
        continue;
      }
      if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
      const links = await watched.page.locator('a[href], link[href]').evaluateAll((nodes) => nodes.map((node) => (node as HTMLAnchorElement).href));
      for (const link of links) {
        const target = new URL(link);
        target.hash = '';
        if (target.origin === origin && !seen.has(target.href)) queue.push(target.href);
      }
    }
    expect(broken).toEqual([]);
    // Every postmortem page, the feed and the search index were reached.
    expect([...seen].filter((page) => /\/postmortems\/[^/]+\/$/.test(page))).toHaveLength(published);
    expect(seen.has(url('/rss.xml'))).toBe(true);
    expect(watched.problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows hostile text from postmortems as text and runs none of it, with search running too', async () => {
    const context = await browser.newContext();
    const watched = await watch(context);
    for (const path of ['/', '/recurring/', '/action-items/', '/postmortems/', `/postmortems/${HOSTILE_SLUG}/`, '/services/', '/experiments/']) {
      await watched.page.goto(url(path));
    }
    await watched.page.goto(url(`/postmortems/${HOSTILE_SLUG}/`));
    await expect(watched.page.locator('h1').innerText()).resolves.toContain('<script>alert(1)</script>');
    await expect(watched.page.locator('img[onerror]').count()).resolves.toBe(0);
    await expect(watched.page.locator('a[href^="javascript:"]').count()).resolves.toBe(0);
    const inlineScripts = await watched.page.locator('script').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? '').filter((text) => text.includes('alert(')));
    expect(inlineScripts).toEqual([]);
    // Search for the hostile words: the results are drawn by the page's script from the index.
    await watched.page.goto(url('/search/?q=hostile'));
    await watched.page.waitForFunction(() => !(document.querySelector('#search-status')?.textContent ?? '').startsWith('All '));
    await expect(watched.page.locator('#search-status').innerText()).resolves.toMatch(/1 of \d+ postmortems match/);
    await expect(watched.page.locator('#search-results').innerText()).resolves.toContain('<script>alert(1)</script>');
    expect(watched.dialogs).toEqual([]);
    expect(watched.problems).toEqual([]);
    await context.close();
  });

  it('works without JavaScript: charts are drawn and search lists every postmortem', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url('/'));
    await expect(page.locator('circle.mark').count()).resolves.toBeGreaterThan(0);
    await page.goto(url('/search/'));
    await expect(page.locator('#search-status').innerText()).resolves.toBe(`All ${published} postmortems are listed below.`);
    await context.close();
  });

  it('reads on a phone: nothing is wider than the screen but the scrolling charts and tables', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    for (const path of ['/', `/postmortems/${TIMELINE_SLUG}/`, '/action-items/']) {
      await page.goto(url(path));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(375);
    }
    await context.close();
  });

  it('publishes an RSS feed with one item per postmortem', async () => {
    const response = await fetch(url('/rss.xml'));
    expect(response.headers.get('content-type')).toMatch(/xml/);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url('/'));
    const items = await page.evaluate(async (feed) => {
      const xml = new DOMParser().parseFromString(await (await fetch(feed)).text(), 'application/xml');
      return xml.querySelector('parsererror') === null ? xml.querySelectorAll('channel > item').length : -1;
    }, url('/rss.xml'));
    expect(items).toBe(published);
    await context.close();
  });
});
