import type { EntryDto } from '@jointly/shared';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './support/axe.ts';
import { describeFocus, hasFocus, tabTo } from './support/keyboard.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('19-notifications-and-tasks');

/** The bell in the header: a link to My tasks named with the unread count. */
const bell = (page: Page) => page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: /^My tasks/ });
const bellName = async (page: Page) => ((await bell(page).textContent()) ?? '').replace(/\s+/g, ' ').trim();

function eventually<T>(read: () => Promise<T> | T, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 50 });
}

describe('Scenario 19: notifications, My tasks and asking for approval (issue 14 items 5 and 6)', () => {
  test('a trust lead and a supplier: assignment, mention, tasks, ask for approval, by keyboard, axe clean', async () => {
    const { lead, partner, entryId } = await openSharedEntry(scenario);
    const supplierPage = partner.browser.page;
    const trustPage = lead.browser.page;
    await eventually(() => bellName(supplierPage)).toBe('My tasks');

    // The trust lead assigns a section to the supplier: the supplier's bell rises without a reload.
    const entry = (await (await lead.browser.context.request.get(`/api/entries/${entryId}`)).json()) as EntryDto;
    const section = entry.sections.find((s) => s.title === CONTEXT)!;
    const dueDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const loadsBefore = await supplierPage.evaluate(() => performance.getEntriesByType('navigation').length);
    const assignedAt = Date.now();
    const assigned = await lead.browser.context.request.put(
      `/api/entries/${entryId}/sections/${section.id}/assignment`,
      {
        data: { assigneeUserIds: [await userIdOf(partner.browser.page)], dueDate },
      },
    );
    expect(assigned.status()).toBe(200);
    await eventually(() => bellName(supplierPage), 5_000).toBe('My tasks 1 unread');
    scenario.artifacts.note('bell-after-assignment-ms.json', { ms: Date.now() - assignedAt });
    expect(await supplierPage.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loadsBefore);

    // A mention from the trust: the count rises again.
    const comment = await lead.browser.context.request.post(`/api/entries/${entryId}/sections/${section.id}/comments`, {
      data: { body: 'Could you add the referral numbers here?', mentions: [await userIdOf(supplierPage)] },
    });
    expect(comment.status()).toBe(201);
    await eventually(() => bellName(supplierPage), 5_000).toBe('My tasks 2 unread');

    // By keyboard alone: Tab to the bell, Enter, and My tasks lists the mention and the due section.
    await supplierPage.locator('body').focus();
    await tabTo(supplierPage, bell(supplierPage), { maxPresses: 10 });
    await supplierPage.keyboard.press('Enter');
    await supplierPage.waitForURL('**/tasks');
    const todo = supplierPage.getByRole('list', { name: 'To do' });
    const notifications = supplierPage.getByRole('list', { name: 'Notifications' });
    await todo.getByRole('link', { name: new RegExp(`“${CONTEXT}” in “.*” is due`) }).waitFor();
    const mention = notifications.getByRole('link', { name: /mentioned you in a comment on/ });
    await mention.waitFor();
    expect(await mention.getAttribute('href')).toMatch(
      new RegExp(`/entries/${entryId}/sections/${section.id}#comment-`),
    );
    await notifications.getByRole('link', { name: /assigned you/ }).waitFor();
    await expectNoAxeViolations(scenario.artifacts, supplierPage, 'tasks-supplier');

    // Mark one read with the keyboard; the bell follows.
    const markOne = notifications.getByRole('button', { name: /^Mark as read.*mentioned you/ });
    await tabTo(supplierPage, markOne, { maxPresses: 30 });
    await supplierPage.keyboard.press('Enter');
    await eventually(() => bellName(supplierPage)).toBe('My tasks 1 unread');
    await supplierPage.getByRole('status').filter({ hasText: 'Notification marked as read.' }).waitFor();
    // Then all.
    const markAll = supplierPage.getByRole('button', { name: 'Mark all as read' });
    await tabTo(supplierPage, markAll, { maxPresses: 30, backwards: true });
    await supplierPage.keyboard.press('Enter');
    await eventually(() => bellName(supplierPage)).toBe('My tasks');
    expect(
      await hasFocus(supplierPage.getByRole('heading', { name: 'Notifications' })),
      await describeFocus(supplierPage),
    ).toBe(true);

    // The supplier writes the section and asks for approval; the trust lead's page and bell show it.
    await supplierPage.goBack();
    await partner.entry.waitUntilSaved(entry.title);
    const supplierSection = partner.entry.section(CONTEXT);
    await supplierSection.enterAtEnd('Our partnership began with a shared referral pathway in 2019.');
    const ask = supplierSection.region.getByRole('button', { name: `Ask for approval of ${CONTEXT}` });
    await tabTo(supplierPage, ask, { maxPresses: 60 });
    await supplierPage.keyboard.press('Enter');
    await supplierSection.region.getByText('Ready for review', { exact: true }).waitFor();
    const leadSection = lead.entry.section(CONTEXT);
    await leadSection.region.getByText('Ready for review', { exact: true }).waitFor({ timeout: 5_000 });
    await eventually(() => bellName(trustPage), 5_000).toBe('My tasks 1 unread');

    // The lead's My tasks: the review asked of them; axe clean there too.
    await trustPage.goto('/tasks');
    await trustPage
      .getByRole('list', { name: 'To do' })
      .getByRole('link', { name: new RegExp(`asked you to review “${CONTEXT}”`) })
      .waitFor();
    await trustPage
      .getByRole('list', { name: 'Notifications' })
      .getByRole('link', { name: new RegExp(`asked for approval of “${CONTEXT}”`) })
      .waitFor();
    await expectNoAxeViolations(scenario.artifacts, trustPage, 'tasks-trust');

    // Approving clears the request on the supplier's page.
    await trustPage.goBack();
    await lead.entry.waitUntilSaved(entry.title);
    await eventually(() => leadSection.text()).toContain('shared referral pathway');
    await leadSection.approveButton.click();
    await eventually(() => supplierSection.status()).toBe('Approved');
    await eventually(() => supplierSection.region.getByText('Ready for review', { exact: true }).count()).toBe(0);

    // WCAG 1.4.10: at 320 px, My tasks (with the bell showing a count) does not scroll sideways.
    await trustPage.setViewportSize({ width: 320, height: 640 });
    await trustPage.goto('/tasks');
    await trustPage.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    await trustPage.getByRole('list', { name: 'Notifications' }).waitFor();
    await scenario.artifacts.screenshot(trustPage, 'tasks-320');
    expect(await trustPage.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
  });
});

/** The signed-in person's id, as the page's session reads it. */
async function userIdOf(page: Page): Promise<string> {
  const response = await page.context().request.get('/api/me');
  return ((await response.json()) as { user: { id: string } }).user.id;
}
