import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The WebSocket endpoint of the one Chromium every spec file connects to (`connectBrowser`). */
    chromiumWsEndpoint: string;
  }
}

/**
 * Global setup of the e2e run: one Chromium for every spec file. Launching
 * and closing it per file cost about two seconds each on two cores, and a
 * launch beside a starting server slowed both. Each spec file connects its own
 * client to it and each person still gets a fresh browser context (its own
 * cookies, storage and cache), so isolation is what it was; a client's
 * contexts close when it disconnects.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    headless: true,
  });
  project.provide('chromiumWsEndpoint', server.wsEndpoint());
  return () => server.close();
}
