import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Artifacts } from './Artifacts.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe-core in the page against WCAG 2.0, 2.1 and 2.2 A and AA rules. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the app's
  // Content-Security-Policy (script-src 'self') rightly blocks inline scripts. Only when the page
  // does not have it yet: compiling its 500 kB took about a quarter of a second each time.
  const present = await page.evaluate("typeof window.axe === 'object'");
  const loaded = present === true || (await page.evaluate(`${AXE_SOURCE};typeof window.axe === 'object'`));
  if (loaded !== true) throw new Error('axe-core did not load in the page');
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');
}

/** Runs axe-core on the page as it is now and fails on any violation, keeping a screenshot of what was checked. */
export async function expectNoAxeViolations(artifacts: Artifacts, page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  await artifacts.screenshot(page, `axe-${name}`);
  if (violations.length > 0) artifacts.note(`axe-${name}.json`, violations);
  expect(describeViolations(violations), `axe-core on ${name}`).toBe('');
}
