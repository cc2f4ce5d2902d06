import { describe, expect, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { SignInPage } from './pages/SignInPage.ts';
import { openSharedEntry, type SharedEntry } from './support/openSharedEntry.ts';
import { BENEFITS, CONTEXT, PARTNERSHIP_SECTIONS } from './support/partnershipCategory.ts';
import type { Person } from './support/people.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('03-reload-and-restart');

async function snapshot(entry: EntryPage): Promise<Record<string, string>> {
  const content: Record<string, string> = {};
  for (const title of PARTNERSHIP_SECTIONS) content[title] = await entry.section(title).yjsContent();
  return content;
}

/** A new browser for `person`, signed in through the sign-in page, with the entry open and synced. */
async function reopen(shared: SharedEntry, person: Person, label: string): Promise<EntryPage> {
  const browser = await scenario.openBrowser(label, person);
  await new SignInPage(browser.page).goto().then((page) => page.signIn(person));
  const entry = await new EntryPage(browser.page).goto(shared.entryId);
  return entry.waitUntilSaved(shared.title);
}

describe('Scenario 3: nothing is lost on reload or server restart (PRODUCT §8; C-ROOM-1, C-ACK-1, C-CLOSE-3)', () => {
  test('formatted text of two people survives a reload, a graceful restart and a kill -9', async () => {
    const shared = await openSharedEntry(scenario);
    const { lead, partner } = shared;
    const tag = uniqueTag();
    const context = lead.entry.section(CONTEXT);
    const benefits = partner.entry.section(BENEFITS);

    // The lead writes a heading, bold text and a bulleted list with the toolbar.
    await context.focusEnd();
    await context.toolbarButton('Heading').click();
    await lead.browser.page.keyboard.type(`Since 2015 ${tag}`);
    await lead.browser.page.keyboard.press('Enter');
    await context.toolbarButton('Bold').click();
    await lead.browser.page.keyboard.type('Ten years');
    await context.toolbarButton('Bold').click();
    await lead.browser.page.keyboard.type(' of joint work.');
    await lead.browser.page.keyboard.press('Enter');
    await context.toolbarButton('Bulleted list').click();
    await lead.browser.page.keyboard.type('Diagnostics hub');
    await lead.browser.page.keyboard.press('Enter');
    await lead.browser.page.keyboard.type('Shared waiting list');
    // The supplier writes a quote in another section at the same time.
    await benefits.focusEnd();
    await benefits.toolbarButton('Quote').click();
    await partner.browser.page.keyboard.type(`Results came within a year ${tag}.`);

    await Promise.all([lead.entry.waitForConnection('saved'), partner.entry.waitForConnection('saved')]);
    await expect.poll(async () => snapshot(partner.entry)).toEqual(await snapshot(lead.entry));
    const before = await snapshot(lead.entry);
    expect(before[CONTEXT]).toContain('<heading level="3">');
    expect(before[CONTEXT]).toContain('<bold>Ten years</bold>');
    expect(before[CONTEXT]).toContain('<bulletlist>');
    expect(before[BENEFITS]).toContain('<blockquote>');
    await scenario.artifacts.screenshot(lead.browser.page, 'before-reload');

    // A reload keeps everything.
    await lead.browser.page.reload();
    await lead.entry.waitUntilSaved(shared.title);
    expect(await snapshot(lead.entry)).toEqual(before);
    await scenario.artifacts.screenshot(lead.browser.page, 'after-reload');

    // A graceful restart keeps everything. Every page is closed first: an open page would
    // send its own copy back and hide anything the server lost.
    await scenario.closeAllBrowsers();
    await scenario.restartServer('SIGTERM');
    const leadAfterRestart = await reopen(shared, lead.person, 'trust-after-restart');
    const partnerAfterRestart = await reopen(shared, partner.person, 'supplier-after-restart');
    expect(await snapshot(leadAfterRestart)).toEqual(before);
    expect(await snapshot(partnerAfterRestart)).toEqual(before);
    const blocks = (await leadAfterRestart.section(CONTEXT).text()).split('\n').filter(Boolean);
    expect(blocks).toEqual([`Since 2015 ${tag}`, 'Ten years of joint work.', 'Diagnostics hub', 'Shared waiting list']);
    await scenario.artifacts.screenshot(leadAfterRestart.page, 'after-restart');

    // A crash (kill -9) right after the server acknowledged an edit keeps it too.
    const lastWords = ` Acknowledged before the crash ${tag}.`;
    await partnerAfterRestart.section(BENEFITS).typeAtEnd(lastWords);
    await partnerAfterRestart.waitForConnection('saved');
    await expect.poll(() => leadAfterRestart.section(BENEFITS).text()).toContain(lastWords.trim());
    const acknowledged = await snapshot(partnerAfterRestart);
    await scenario.closeAllBrowsers();
    await scenario.restartServer('SIGKILL');
    const leadAfterCrash = await reopen(shared, lead.person, 'trust-after-crash');
    expect(await snapshot(leadAfterCrash)).toEqual(acknowledged);
    await scenario.artifacts.screenshot(leadAfterCrash.page, 'after-crash');
  });
});
