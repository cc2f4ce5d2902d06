import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { Artifacts } from './Artifacts.ts';
import { connectBrowser, newContext, watchForTrouble } from './browser.ts';
import { type JointlyProcess, startJointly } from './jointlyProcess.ts';
import type { Person } from './people.ts';
import { createScaledEnvironment, requireScaledServices, type ScaledEnvironment } from './scaledServices.ts';

/** One person's browser: a fresh context (profile) with one page, watched for dialogs and page errors. */
export type PersonBrowser = {
  /** Who is using it (for messages and screenshots); null before anyone signed in. */
  person: Person | null;
  context: BrowserContext;
  page: Page;
  /** A short name for screenshots, e.g. "trust" or "supplier". */
  label: string;
};

export type Scenario = {
  /** The running Jointly process (a new one after `restartServer`); in scaled mode the first of them. */
  readonly server: JointlyProcess;
  readonly origin: string;
  /** Every running Jointly process: one, or in scaled mode `processes` sharing PostgreSQL and Redis. */
  readonly servers: readonly JointlyProcess[];
  readonly artifacts: Artifacts;
  /**
   * Opens a new browser context at a laptop viewport, watched for trouble;
   * `origin` to browse through something else than the server itself (a NetworkLink).
   */
  openBrowser(label: string, person?: Person | null, origin?: string): Promise<PersonBrowser>;
  /**
   * Closes the person's tab without its "leave page?" prompt (as a browser that crashed or was
   * shut down would) and opens a new one in the same profile, watched as the first; it becomes
   * `browser.page`. What the profile keeps (offline copies, cookies) stays.
   */
  reopenTab(browser: PersonBrowser): Promise<Page>;
  /** Closes every context this scenario opened (before a server restart: open pages would re-send their copy). */
  closeAllBrowsers(): Promise<void>;
  /** Stops the (first) server (SIGTERM, or SIGKILL for a crash) and starts it again on the same port and data. */
  restartServer(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Console errors the current test causes on purpose (e.g. a 404 from a removed member's page). */
  expectConsoleErrors(...patterns: RegExp[]): void;
};

/**
 * Console errors that are part of normal operation, not defects: the session
 * probe answering 401 when signed out, and the browser reporting a socket or
 * request that failed while the network or the server was down on purpose.
 */
const EXPECTED_CONSOLE_ERRORS = [
  /status of 401 \(Unauthorized\) \(http:\/\/[^/]+\/api\/me\)$/,
  // The header's bell reading the unread count as a session ends (signed out, removed, expired).
  /status of 401 \(Unauthorized\) \(http:\/\/[^/]+\/api\/notifications\)$/,
  /WebSocket connection to '.*\/collab\/.*' failed/,
  /net::ERR_(INTERNET_DISCONNECTED|CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE)/,
];

/**
 * The fixture of one spec file: a fresh Jointly (own temporary data
 * directory), a connection to the run's one Chromium, a fresh browser context per
 * person, screenshots in e2e/artifacts/<name>. After each test it
 * screenshots every open page if the test failed, closes every context, and
 * fails the test if any page showed a script dialog or an uncaught error.
 */
export type ScenarioOptions = {
  /**
   * Scaled mode: this many server processes on one fresh PostgreSQL schema
   * and one Redis prefix (PUBLIC_URL unset, so each checks Origin against
   * its own host). Fails, never skips, when PostgreSQL or Redis is down.
   */
  scaled?: { processes: number };
  /** Extra environment of the (single) server, read when it starts, e.g. SMTP_URL of a sink started first. */
  env?: () => Record<string, string>;
};

export function useScenario(name: string, options: ScenarioOptions = {}): Scenario {
  let servers: JointlyProcess[] = [];
  let scaled: ScaledEnvironment | null = null;
  /** PostgreSQL or Redis down: every test fails with this (reported as failed, not skipped under a failed suite). */
  let servicesMissing: Error | null = null;
  let browser: Browser | null = null;
  const artifacts = new Artifacts(name);
  const open = new Set<PersonBrowser>();
  const problems: string[] = [];
  const consoleErrors: string[] = [];
  const expectedInTest: RegExp[] = [];

  beforeAll(async () => {
    // Both at once; whatever started is kept for afterAll to stop, even if the other failed.
    const [started, launched] = await Promise.allSettled([startServers(), connectBrowser()]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });

  async function startServers(): Promise<void> {
    if (!options.scaled) {
      servers = [await startJointly(options.env ? { env: options.env() } : {})];
      return;
    }
    servicesMissing = await requireScaledServices().then(
      () => null,
      (error: Error) => error,
    );
    if (servicesMissing) return;
    scaled = await createScaledEnvironment();
    const env = scaled.env;
    const started = await Promise.allSettled(
      Array.from({ length: options.scaled.processes }, (_, i) =>
        startJointly({ env, name: `server ${String.fromCharCode(65 + i)}` }),
      ),
    );
    servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  beforeEach(() => {
    if (servicesMissing) throw servicesMissing;
  });

  afterEach(async (context) => {
    const slug = context.task.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 40);
    if (context.task.result?.state === 'fail' || context.task.fails) {
      const what = context.task.fails ? 'known-bug' : 'failure';
      for (const person of open) {
        if (!person.page.isClosed()) {
          await artifacts.screenshot(person.page, `${what}-${person.label}`).catch(() => undefined);
        }
      }
    }
    await closeAll();
    const errors = consoleErrors.splice(0);
    if (errors.length > 0) artifacts.note(`console-errors-${slug}.txt`, errors.join('\n'));
    const seen = problems.splice(0);
    expect(seen, 'script dialogs or uncaught page errors').toEqual([]);
    const expected = [...EXPECTED_CONSOLE_ERRORS, ...expectedInTest.splice(0)];
    const unexpected = errors.filter((error) => !expected.some((pattern) => pattern.test(error)));
    expect(unexpected, 'unexpected console errors').toEqual([]);
  });

  afterAll(async () => {
    await closeAll();
    await browser?.close();
    await Promise.all(servers.map((server) => server.stop()));
    await scaled?.drop();
  });

  async function closeAll(): Promise<void> {
    const contexts = [...open].map((person) => person.context);
    open.clear();
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
  }

  /** A new tab of `context`, failing the test on a script dialog or page error, its console errors kept. */
  async function watchedPage(context: BrowserContext, label: string): Promise<Page> {
    const page = await context.newPage();
    watchForTrouble(page, problems);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`[${label}] ${message.text()} (${message.location().url})`);
    });
    return page;
  }

  const scenario: Scenario = {
    get server() {
      const [server] = servers;
      if (!server) throw new Error('The server is not running (used outside a test?)');
      return server;
    },
    get servers() {
      return servers;
    },
    get origin() {
      return scenario.server.origin;
    },
    artifacts,
    async openBrowser(label, person = null, origin = scenario.origin) {
      if (!browser) throw new Error('The browser is not running (used outside a test?)');
      const context = await newContext(browser, origin);
      const opened: PersonBrowser = { person, context, page: await watchedPage(context, label), label };
      open.add(opened);
      context.on('close', () => open.delete(opened));
      return opened;
    },
    async reopenTab(opened) {
      await opened.page.close({ runBeforeUnload: false });
      opened.page = await watchedPage(opened.context, opened.label);
      return opened.page;
    },
    closeAllBrowsers: closeAll,
    expectConsoleErrors(...patterns) {
      expectedInTest.push(...patterns);
    },
    async restartServer(signal = 'SIGTERM') {
      if (open.size > 0) throw new Error('Close every browser context before restarting the server');
      const current = scenario.server;
      await current.stop(signal);
      servers[0] = await current.restart();
    },
  };
  return scenario;
}
