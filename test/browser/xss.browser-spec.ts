/// <reference lib="dom" />
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, startTestApi, startTestDb, tmpDir, type TestApi, type TestDb } from '@casebridge/testing';
import { cleanCase, clientId, World } from '../security/world';

/**
 * XSS in a real browser: user text with script, image-onerror, event-handler and javascript:-link
 * payloads is posted through the API, then the case page of the built web client is opened in
 * Chromium. Nothing may run: no dialog, no payload side effect, no CSP violation (so the sanitiser,
 * not only the CSP, stopped it), no event-handler attribute or javascript: URL in the DOM.
 */

const WEB_DIST = process.env.WEB_DIST ?? path.join(REPO_ROOT, 'apps/web/dist');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const hit = (tag: string) => `window.__xss.push('${tag}')`;
const POSTS = [
  `<script>${hit('script')}</script> marker-one`,
  `<img src=x onerror="${hit('img')}"> marker-two`,
  `[click me](javascript:${hit('link')}) marker-three`,
  `![alt](x" onerror="${hit('mdimg')}) marker-four`,
  `<a href="javascript:${hit('rawlink')}">raw link</a> marker-five`,
  `<svg onload="${hit('svg')}"></svg><iframe src="javascript:${hit('iframe')}"></iframe> marker-six`,
  `[mixed](JaVaScRiPt:${hit('case')}) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox) marker-seven`,
  `<details open ontoggle="${hit('toggle')}">d</details> <style>body{display:none}</style> marker-eight`,
  '[ok](/cases) marker-last',
];

describe('XSS: user text never runs in the browser', () => {
  let db: TestDb;
  let api: TestApi;
  let w: World;
  let context: BrowserContext;
  let profile: string;
  let caseId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
      throw new Error(`no built web client at ${WEB_DIST}: run npm run build:web (npm run test:browser does)`);
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: { WEB_DIST } });
    w = await World.create(api.url);
    const evil = await w.session.user({
      role: 'learner',
      profession: 'nurse',
      cohortId: w.cohortA,
      displayName: `<img src=x onerror="${hit('name')}">Nurse`,
    });
    const created = await evil.api.post<{ id: string }>(
      '/cases',
      cleanCase(w.cohortA, {
        title: `<img src=x onerror="${hit('title')}"> title`,
        question: {
          text: `[q](javascript:${hit('question')}) <script>${hit('qscript')}</script> how to titrate?`,
          type: 'medication',
          domains: [2],
          urgency: 'routine',
        },
        narrative: { history: `<script>${hit('narrative')}</script> **bold** history` },
      }),
    );
    if (created.status !== 201) throw new Error(`case: ${created.status} ${JSON.stringify(created.body)}`);
    caseId = created.body.id;
    for (const body of POSTS) {
      const r = await evil.api.post(`/cases/${caseId}/posts`, { body, clientId: clientId() });
      if (r.status !== 201) throw new Error(`post ${JSON.stringify(body)}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    profile = tmpDir('chromium');
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    const tokens = { accessToken: w.users.learnerA.auth.accessToken, refreshToken: w.users.learnerA.auth.refreshToken };
    await context.addInitScript((t) => {
      const win = window as unknown as { __xss: string[]; __csp: string[] };
      win.__xss = [];
      win.__csp = [];
      for (const k of ['alert', 'confirm', 'prompt'] as const)
        (window as unknown as Record<string, () => void>)[k] = () => void win.__xss.push(k);
      document.addEventListener('securitypolicyviolation', (e) => win.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      localStorage.setItem('casebridge.tokens', JSON.stringify(t));
    }, tokens);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    w?.session.close();
    await api?.stop();
    await db?.stop();
  });

  async function open(url: string): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    return { page, dialogs, errors };
  }

  it('renders the case and its thread with every payload inert', async () => {
    const { page, dialogs } = await open(`${api.url}/cases/${caseId}`);
    await page.getByText('marker-last').waitFor({ timeout: 30_000 });
    await page.getByText('marker-two').waitFor();
    // the title is plain text: the payload is visible as text, not parsed
    await page
      .getByText(`<img src=x onerror="${hit('title')}"> title`)
      .first()
      .waitFor();
    // follow every link the thread rendered (same page: target=_blank pages are checked below)
    for (const a of await page.locator('.markdown a').all()) await a.click({ modifiers: [] }).catch(() => undefined);
    await page.waitForTimeout(500);

    const state = await page.evaluate(() => {
      const win = window as unknown as { __xss: string[]; __csp: string[] };
      const all = [...document.querySelectorAll('*')];
      return {
        xss: win.__xss,
        csp: win.__csp,
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
        jsUrls: all.flatMap((el) =>
          ['href', 'src', 'action', 'formaction', 'xlink:href']
            .map((n) => el.getAttribute(n) ?? '')
            .filter((v) => /^\s*(javascript|vbscript|data:text\/html)/i.test(v)),
        ),
        markdownImgs: document.querySelectorAll('.markdown img').length,
        iframes: document.querySelectorAll('iframe').length,
        inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).map((s) => s.textContent ?? ''),
        safeLink: [...document.querySelectorAll('.markdown a')].map((a) => a.getAttribute('href')).filter((h) => h === '/cases').length,
        bodyVisible: getComputedStyle(document.body).display !== 'none',
      };
    });
    for (const p of context.pages()) {
      if (p !== page) expect(await p.evaluate(() => (window as unknown as { __xss?: string[] }).__xss ?? []).catch(() => [])).toEqual([]);
    }
    expect(dialogs).toEqual([]);
    expect(state.xss).toEqual([]);
    expect(state.csp).toEqual([]);
    expect(state.handlers).toEqual([]);
    expect(state.jsUrls).toEqual([]);
    expect(state.markdownImgs).toBe(0);
    expect(state.iframes).toBe(0);
    expect(state.inlineScripts.filter((s) => s.includes('__xss'))).toEqual([]);
    expect(state.bodyVisible).toBe(true);
    // ordinary Markdown still works: a relative link is a link (absolute URLs are PHI to the gate)
    expect(state.safeLink).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('serves the web client with the CSP that would block an inline script anyway (defence in depth)', async () => {
    const res = await fetch(`${api.url}/cases/${caseId}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    const { page, dialogs } = await open(`${api.url}/login`);
    // an inline script injected into the page is refused by the CSP
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = "window.__xss.push('injected')";
      document.body.appendChild(s);
    });
    await page.waitForTimeout(200);
    const { xss, csp: violations } = await page.evaluate(() => {
      const win = window as unknown as { __xss: string[]; __csp: string[] };
      return { xss: win.__xss, csp: win.__csp };
    });
    expect(xss).toEqual([]);
    expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
