import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsOf, type Insights, type PeriodTrend } from '../../runner/insights/index.ts';
import { readPostmortemDir } from '../../runner/postmortem/index.ts';
import { buildSite, previewSite, selectForSite, timelineOf, type BuildSiteResult, type PreviewServer, type SiteSelection } from '../../runner/site/index.ts';
import { tempDir } from '../faults/fixtures.ts';
import { BROKEN_FILE, HOSTILE_SLUG, TIMELINE_SLUG, writeSiteCorpus } from './corpus.ts';

// The report site end to end: the fixture corpus (corpus.ts) built ONCE with buildSite under a sub-path (base
// /gameday/, so every link must respect it), served with previewSite on 127.0.0.1:0, and opened in Debian's
// chromium. What the pages show is compared with insightsOf over the same files, not with hard-coded numbers.

const NOW = '2025-04-10';
const BASE = '/gameday/';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const work = tempDir('site');
let built: BuildSiteResult;
let selection: SiteSelection;
let insights: Insights;
let server: PreviewServer;
let browser: Browser;
let context: BrowserContext;
/** Console errors and page errors of every page opened in `context`. */
const problems: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  const corpus = join(work.dir, 'postmortems');
  mkdirSync(corpus);
  writeSiteCorpus(corpus);
  built = await buildSite({
    postmortemsDir: corpus,
    outDir: join(work.dir, 'dist'),
    base: BASE,
    logLevel: 'silent',
    now: NOW,
    ticks: false,
    cacheDir: join(work.dir, 'cache'),
  });
  selection = selectForSite(await readPostmortemDir(corpus));
  insights = insightsOf(selection.used.map((u) => u.postmortem), { now: NOW });
  server = await previewSite({ dir: built.outDir, port: 0, base: BASE });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  context = await browser.newContext();
  context.on('page', (page) => watch(page));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  work.remove();
});

const watch = (page: Page): void => {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
};

const url = (path: string): string => new URL(path, server.url).href;

const open = async (path: string, on: BrowserContext = context): Promise<Page> => {
  const page = await on.newPage();
  const response = await page.goto(url(path));
  expect(response?.status(), path).toBe(200);
  return page;
};

const points = (periods: readonly PeriodTrend[], key: 'timeToDetect' | 'timeToAcknowledge' | 'timeToRecover'): number =>
  periods.reduce((sum, period) => sum + period[key].n, 0);

describe('gameday site build', () => {
  it('publishes every usable postmortem and reports and skips the broken file', () => {
    expect(built.postmortems).toBe(selection.used.length);
    expect(built.postmortems).toBe(12);
    expect(built.skipped).toHaveLength(1);
    expect(built.skipped[0]?.path).toMatch(new RegExp(`${BROKEN_FILE}$`));
    expect(built.skipped[0]?.line).toBe(3);
    expect(built.skipped[0]?.reason).toMatch(/not valid YAML/);
    // Every postmortem, service and experiment has a page, plus the overview, lists, search, about and 404.
    expect(built.pages).toBeGreaterThan(built.postmortems + 8);
  });
});

describe('the site in a browser', () => {
  it('opens on the overview, whose charts hold one mark per data point', async () => {
    const page = await open('');
    expect(await page.title()).toMatch(/Overview/);
    for (const granularity of ['month', 'week'] as const) {
      const periods = insights.trends[granularity].all;
      for (const [slug, key] of [
        ['time-to-detect', 'timeToDetect'],
        ['time-to-acknowledge', 'timeToAcknowledge'],
        ['time-to-recover', 'timeToRecover'],
      ] as const) {
        const marks = page.locator(`figure[data-series="${granularity}-${slug}"] svg circle.mark`);
        expect(await marks.count(), `${granularity} ${slug}`).toBe(points(periods, key));
        expect(await page.locator(`figure[data-series="${granularity}-${slug}"] line.median`).count()).toBe(
          periods.filter((p) => p[key].n > 0).length,
        );
      }
      const rates = periods.filter((p) => p.detection.rate !== null).length;
      expect(await page.locator(`figure[data-series="${granularity}-detection"] rect.mark`).count()).toBe(rates);
    }
    const noise = insights.trends.month.all.reduce((sum, p) => sum + p.noise.perRun.n, 0);
    expect(await page.locator('figure[data-series="month-noise"] circle.mark').count()).toBe(noise);
    const verdicts = Object.keys(insights.trends.overall.all[0]?.verdicts ?? {}).length;
    expect(await page.locator('figure[data-series="verdicts-chart"] rect.mark').count()).toBe(verdicts);
    // Accessible charts: a role, a title and a description, and the data as a table.
    const svg = page.locator('figure[data-series="month-time-to-detect"] svg');
    expect(await svg.getAttribute('role')).toBe('img');
    expect(await svg.locator('title').first().textContent()).toMatch(/Time to detect/);
    expect(await svg.locator('desc').textContent()).toMatch(/points/);
    expect(await page.locator('figure[data-series="month-time-to-detect"] table tbody tr').count()).toBe(insights.trends.month.all.length);
    await page.close();
  });

  it('lists the known clusters on the recurring-issues page', async () => {
    const page = await open('recurring/');
    const { failureModes, handWritten } = insights.recurring;
    expect(failureModes.length).toBeGreaterThan(3);
    const shown = await page.locator('article[data-fingerprint]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-fingerprint')));
    expect(shown).toEqual(failureModes.map((c) => c.fingerprint));
    for (const cluster of failureModes.filter((c) => c.count > 1)) {
      const article = page.locator(`article[data-fingerprint="${cluster.fingerprint}"]`);
      expect(await article.locator('details li').count()).toBe(cluster.postmortems.length);
      expect(await article.locator('ul.open-items li').count()).toBe(cluster.openActionItems.length);
    }
    const clusters = await page.locator('article[data-cluster]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-cluster')));
    expect(clusters).toEqual(handWritten.map((c) => `${c.by}:${c.key}`));
    expect(clusters).toContain('service:payments');
    await page.close();
  });

  it('lists every action item on the action-items page, open ones first, with what verified them', async () => {
    const page = await open('action-items/');
    const { items, open: openCount, verified } = insights.actionItems;
    expect(await page.locator('table.items tbody tr').count()).toBe(items.length);
    expect(await page.locator('table.items').first().locator('tbody tr').count()).toBe(openCount);
    expect(verified).toBeGreaterThan(0);
    const verifiedRows = page.locator('table.items tbody tr td:last-child a');
    expect(await verifiedRows.count()).toBe(verified);
    await page.close();
  });

  it("draws each postmortem's timeline from its front matter, or says there is none", async () => {
    const page = await open(`postmortems/${TIMELINE_SLUG}/`);
    const figure = page.locator('figure[data-chart="timeline"]');
    expect(await figure.locator('rect.mark.span').count()).toBe(5);
    expect(await figure.locator('rect.mark.span[data-kind="alert"]').count()).toBe(2);
    expect(await figure.locator('rect.mark.span[data-kind="fault"]').count()).toBe(2);
    expect(await figure.locator('rect.mark.span.open').count()).toBe(1);
    expect(await figure.locator('circle.mark.moment').count()).toBe(3);
    await page.close();

    for (const { postmortem, slug } of selection.used) {
      const entries = timelineOf(postmortem).entries;
      const one = await open(`postmortems/${slug}/`);
      const spans = entries.filter((e) => e.kind === 'run' || e.kind === 'fault' || e.kind === 'alert').length;
      expect(await one.locator('figure[data-chart="timeline"] .mark.span').count(), slug).toBe(spans);
      expect(await one.locator('figure[data-chart="timeline"] .mark.moment').count(), slug).toBe(entries.length - spans);
      if (entries.length === 0) expect(await one.locator('figure[data-chart="timeline"] .empty').textContent()).toMatch(/no timeline/);
      await one.close();
    }
  });

  it('has no broken internal link: every a[href] and link[href] from the overview resolves', async () => {
    const origin = new URL(server.url).origin;
    const seen = new Set<string>([url('')]);
    const queue = [url('')];
    const page = await context.newPage();
    while (queue.length > 0) {
      const next = queue.shift()!;
      // Files (the feed, the icon, styles) are fetched, not opened: a browser opening one asks for /favicon.ico.
      const fetched = await context.request.get(next);
      expect(fetched.status(), next).toBe(200);
      if (!(fetched.headers()['content-type'] ?? '').startsWith('text/html')) continue;
      expect((await page.goto(next))?.status(), next).toBe(200);
      const hrefs = await page.locator('a[href], link[href]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLAnchorElement).href));
      for (const href of hrefs) {
        const target = new URL(href);
        if (target.origin !== origin) continue;
        expect(target.pathname.startsWith(BASE), `${href} on ${next}`).toBe(true);
        target.hash = '';
        if (seen.has(target.href)) continue;
        seen.add(target.href);
        queue.push(target.href);
      }
    }
    await page.close();
    expect(seen.size).toBeGreaterThanOrEqual(built.pages - 1);
  });

  it('shows hostile text as text and runs nothing from a postmortem', async () => {
    const page = await open(`postmortems/${HOSTILE_SLUG}/`);
    expect(await page.locator('h1').textContent()).toBe('Hostile <script>alert(1)</script> <img src=x onerror=alert(2)>');
    expect(await page.locator('main script, main img, main iframe, [onerror]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i], [src^="javascript:" i]').count()).toBe(0);
    const body = await page.locator('section.body').textContent();
    expect(body).toContain('<img src=x onerror=alert(14)>');
    expect(body).toContain('<script>alert(16)</script>');
    expect(await page.locator('figure[data-chart="timeline"] text.label title').allTextContents()).toContain('slow <script>alert(10)</script>');
    expect(await page.locator('figure[data-chart="timeline"] table').textContent()).toContain('<img src=x onerror=alert(12)> fired');
    await page.close();
    for (const path of ['', 'recurring/', 'action-items/', 'search/', 'services/', 'experiments/']) await (await open(path)).close();
    expect(dialogs).toEqual([]);
  });

  it('serves a valid RSS feed with one item per postmortem', async () => {
    const page = await open('');
    const feed = await page.evaluate(async (address) => {
      const text = await (await fetch(address)).text();
      const xml = new DOMParser().parseFromString(text, 'application/xml');
      return {
        error: xml.querySelector('parsererror')?.textContent ?? null,
        root: xml.documentElement.nodeName,
        titles: Array.from(xml.querySelectorAll('channel > item > title'), (n) => n.textContent),
        links: Array.from(xml.querySelectorAll('channel > item > link'), (n) => n.textContent ?? ''),
      };
    }, url('rss.xml'));
    expect(feed.error).toBeNull();
    expect(feed.root).toBe('rss');
    expect(feed.titles).toHaveLength(selection.used.length);
    expect(feed.titles).toContain('Hostile <script>alert(1)</script> <img src=x onerror=alert(2)>');
    for (const link of feed.links) expect(new URL(link).pathname).toMatch(new RegExp(`^${BASE}postmortems/[^/]+/$`));
    await page.close();
  });

  it('filters the list as you type in the search box', async () => {
    const page = await open('search/');
    const items = page.locator('#search-results li[data-slug]');
    expect(await items.count()).toBe(selection.used.length);
    await page.fill('#q', 'timeline');
    await expect.poll(() => page.locator('#search-results li[data-slug]:visible').count()).toBe(1);
    expect(await page.locator('#search-results li[data-slug]:visible').getAttribute('data-slug')).toBe(TIMELINE_SLUG);
    await page.fill('#q', '');
    await expect.poll(() => page.locator('#search-results li[data-slug]:visible').count()).toBe(selection.used.length);
    await page.close();
  });

  it('works with JavaScript disabled', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await open('', noScript);
      expect(await page.locator('figure[data-series="month-time-to-detect"] circle.mark').count()).toBe(
        points(insights.trends.month.all, 'timeToDetect'),
      );
      await page.click('nav a:text("Search")');
      expect(new URL(page.url()).pathname).toBe(`${BASE}search/`);
      expect(await page.locator('#search-results li[data-slug]:visible').count()).toBe(selection.used.length);
      await page.click(`#search-results li[data-slug="${TIMELINE_SLUG}"] a`);
      expect(new URL(page.url()).pathname).toBe(`${BASE}postmortems/${TIMELINE_SLUG}/`);
      expect(await page.locator('figure[data-chart="timeline"] rect.mark.span').count()).toBe(5);
    } finally {
      await noScript.close();
    }
  });

  it('logged no console error or page error on any page', () => {
    expect(problems).toEqual([]);
  });
});
