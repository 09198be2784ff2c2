import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = (): boolean => existsSync(CHROMIUM);

export interface PageVisit {
  consoleErrors: string[];
  /** Every request the page made other than loading the file itself. */
  requests: string[];
  /** Per chart figure: its id, the series it declares, the legend texts drawn and the number of shapes. */
  charts: { id: string; series: string[]; texts: string[]; shapes: number }[];
}

/** Opens a local HTML file in headless Chromium (no network, no GPU) and saves a screenshot. */
export async function openInChromium(file: string, screenshot: string): Promise<PageVisit> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const visit: PageVisit = { consoleErrors: [], requests: [], charts: [] };
    const url = `file://${file}`;
    page.on('console', (m) => {
      if (m.type() === 'error') visit.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => visit.consoleErrors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url) visit.requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    visit.charts = await page.$$eval('figure', (figures) =>
      figures.map((f) => ({
        id: f.id,
        series: (f.getAttribute('data-series') ?? '').split('|').filter(Boolean),
        texts: [...f.querySelectorAll('svg text')].map((t) => t.textContent ?? ''),
        shapes: f.querySelectorAll('svg path').length,
      })),
    );
    await page.screenshot({ path: screenshot, fullPage: true });
    return visit;
  } finally {
    await browser.close();
  }
}
