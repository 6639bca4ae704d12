/**
 * Shared real-browser helpers for test/e2e: Debian's Chromium driven by playwright-core.
 * No browser is ever downloaded; CI installs the `chromium` package (.ci/run).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CG_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium; fails with a clear message (never skips) when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package (see .ci/run)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface PageProblems {
  /** console.error messages (CSP violations land here), uncaught page errors. */
  errors: string[];
  /** Requests that left the server under test (external resources must not exist). */
  foreignRequests: string[];
}

/**
 * Records what a page does wrong: script errors, console errors, and any request to another
 * origin than `allowedOrigin`. Assert on the lists at the end of a test.
 */
export function watchPage(page: Page, allowedOrigin: string): PageProblems {
  const problems: PageProblems = { errors: [], foreignRequests: [] };
  const origin = new URL(allowedOrigin).origin;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // An API refusal (401, 409, …) is a normal answer the page shows; Chromium logs it anyway.
    const apiAnswer = msg.text().startsWith('Failed to load resource') && new URL(msg.location().url || origin).pathname.startsWith('/api/');
    if (!apiAnswer) problems.errors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.errors.push(String(err)));
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('about:')) return;
    if (new URL(url).origin !== origin && !url.startsWith(origin.replace(/^http/, 'ws'))) {
      problems.foreignRequests.push(url);
    }
  });
  return problems;
}
