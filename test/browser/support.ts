/// <reference lib="dom" />
/**
 * Shared pieces of the browser suites: one Chromium profile per simulated person (separate
 * tmp profile dirs = separate browsers, so no shared storage or socket), sign-in through the
 * real form, axe-core on every screen, and README screenshots.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT, tmpDir, type TestUser } from '@casebridge/testing';

export const WEB_DIST = process.env.WEB_DIST ?? path.join(REPO_ROOT, 'apps/web/dist');
export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = path.join(REPO_ROOT, 'docs/screenshots');
const AXE = path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
let axeJs: string | undefined;
const axeSource = (): string => (axeJs ??= fs.readFileSync(AXE, 'utf8'));

/**
 * `it` for a story told in steps: once a step fails, the later ones fail at once (naming the
 * first failure) instead of each waiting out its timeouts.
 */
export function storySteps(): (name: string, fn: () => Promise<void> | void, timeout?: number) => void {
  let failed: string | null = null;
  return (name, fn, timeout) =>
    it(
      name,
      async () => {
        if (failed) throw new Error(`not run: an earlier step failed (${failed})`);
        try {
          await fn();
        } catch (e) {
          failed = name;
          await dumpPeople(name);
          throw e;
        }
      },
      timeout,
    );
}

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 375, height: 812 };
/** Generous for 2 loaded cores, still bounded. */
export const LIVE_TIMEOUT = 15_000;

export function requireWebDist(): void {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error(`no built web client at ${WEB_DIST}: run npm run build:web (npm run test:browser does)`);
}

/** The env for startTestApi: the built client, and limits no test should hit. */
export const apiEnv = (): Record<string, string> => ({ WEB_DIST, RATE_LIMIT_PER_MINUTE: '100000', SOCKET_RATE_LIMIT_PER_10S: '100000' });

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const live = new Set<Person>();

/** On a failure: each open page's screenshot and HTML under $TMPDIR, to see what the browser saw. */
async function dumpPeople(step: string): Promise<void> {
  const dir = path.join(os.tmpdir(), 'casebridge-browser-failures');
  fs.mkdirSync(dir, { recursive: true });
  const slug = step.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
  for (const p of live) {
    const base = path.join(dir, `${slug}-${p.name}`);
    await p.page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
    fs.writeFileSync(`${base}.html`, await p.page.content().catch(() => ''));
  }
  console.log(`browser failure in "${step}": screenshots and HTML in ${dir}`);
}

/** One simulated person: their own browser profile, one page, every page error collected. */
export class Person {
  readonly errors: string[] = [];
  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly profile: string,
  ) {}

  static async launch(name: string): Promise<Person> {
    const profile = tmpDir(`chromium-${name}`);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: DESKTOP,
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(LIVE_TIMEOUT);
    const page = context.pages()[0] ?? (await context.newPage());
    const p = new Person(name, context, page, profile);
    page.on('pageerror', (e) => p.errors.push(`pageerror: ${e.message}`));
    live.add(p);
    return p;
  }

  /** Signs in through the sign-in form (real login request, real token storage). */
  async signIn(baseUrl: string, user: Pick<TestUser, 'email' | 'password'>, opts: { axe?: boolean } = {}): Promise<void> {
    const { page } = this;
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('heading', { name: 'Sign in to CaseBridge' }).waitFor();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    if (opts.axe) await checkA11y(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome,/ }).waitFor();
  }

  async close(): Promise<void> {
    live.delete(this);
    await this.context.close().catch(() => undefined);
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

/** Every serious or critical axe violation of every screen checked in this process. */
export const axeFindings: { screen: string; violations: AxeViolation[] }[] = [];

/**
 * Runs axe-core on what the page shows now and fails on any serious or critical violation
 * (moderate and minor ones are recorded, not failed).
 */
export async function checkA11y(page: Page, screen: string): Promise<void> {
  await waitQuiet(page);
  // evaluated through the devtools protocol, which the page's CSP (script-src 'self') does not govern
  // (addScriptTag inserts an inline script, which the CSP rightly refuses)
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeFindings.push({ screen, violations });
  if (bad.length) throw new Error(`axe: ${bad.length} serious/critical violation(s) on "${screen}":\n${JSON.stringify(bad, null, 2)}`);
}

/** No "Loading…" placeholder left and the network settled briefly (bounded). */
export async function waitQuiet(page: Page): Promise<void> {
  await gone(page.locator('.loading, [aria-busy="true"]')).catch(() => undefined);
  await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => undefined);
}

/** Saves docs/screenshots/<name>.png of the viewport (or the whole page). */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  await waitQuiet(page);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Checks a screen at phone width (375 px): axe, no horizontal scroll; then restores the desktop size. */
export async function checkPhone(page: Page, screen: string, shot?: string): Promise<void> {
  await page.setViewportSize(PHONE);
  try {
    await page.waitForTimeout(150);
    await checkA11y(page, `${screen} (375 px)`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 1) {
      const culprits = await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > w + 1)
          .slice(0, 8)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
      });
      throw new Error(`"${screen}" scrolls sideways by ${overflow}px at 375 px wide: ${culprits.join('; ')}`);
    }
    if (shot) await screenshot(page, shot);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A react-aria Select: open it by its label and choose an option by its text. */
export async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  const field = page
    .locator('.field')
    .filter({ has: page.locator('label, .react-aria-Label', { hasText: new RegExp(`^${escapeRe(label)}$`) }) });
  await field.locator('.select-button').click();
  // the selected option carries a check mark in its name
  const name = typeof option === 'string' ? new RegExp(`^(✓\\s*)?${escapeRe(option)}$`) : option;
  await page.getByRole('option', { name }).click();
  await gone(page.getByRole('listbox'));
}

/** A react-aria checkbox or radio, by its visible label. */
export async function tick(scope: Page | Locator, name: string | RegExp, role: 'checkbox' | 'radio' = 'checkbox'): Promise<void> {
  const box = scope.getByRole(role, { name, exact: typeof name === 'string' });
  if (!(await box.isChecked())) await box.check({ force: true });
}

/** Resolves once nothing matches `locator` (bounded). */
export async function gone(locator: Locator, timeout = LIVE_TIMEOUT): Promise<void> {
  await locator.first().waitFor({ state: 'detached', timeout });
}

/** Resolves once `locator` has exactly `n` matches (bounded). */
export async function count(locator: Locator, n: number, timeout = LIVE_TIMEOUT): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const c = await locator.count();
    if (c === n) return;
    if (Date.now() > end) throw new Error(`expected ${n} of ${locator.toString()}, saw ${c}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
