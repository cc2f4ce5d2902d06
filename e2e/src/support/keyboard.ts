import type { Locator, Page } from 'playwright-core';

/** Whether `target` (or something inside it) has the keyboard focus. */
export async function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement || element.contains(document.activeElement));
}

/** A short description of the focused element, for failure messages. */
export async function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return 'nothing';
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
    return `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}> ${name}`;
  });
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user
 * would; fails if it takes more than `maxPresses`. Returns the presses used.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  { maxPresses = 40, backwards = false }: { maxPresses?: number; backwards?: boolean } = {},
): Promise<number> {
  const visited: string[] = [];
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await hasFocus(target)) return presses;
    visited.push(await describeFocus(page));
  }
  throw new Error(`Not reached with ${maxPresses} Tab presses; focus went through:\n${visited.join('\n')}`);
}
