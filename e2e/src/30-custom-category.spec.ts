import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { NewEntryPage } from './pages/NewEntryPage.ts';
import { signUpThroughApi } from './support/api.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { readPdfText } from './support/exportReadBack.ts';
import { describeFocus, hasFocus, tabTo } from './support/keyboard.ts';
import { newEntryTitle, newPerson, uniqueTag } from './support/people.ts';
import { eventually, stepTimings } from './support/signoffChecks.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('30-custom-category');

/** Types into a field with the keyboard (focused directly: the Tab order is walked once, below, not per field). */
async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await field.focus();
  await page.keyboard.type(text);
}

/** Presses a button with the keyboard: focus, then Enter. */
async function press(page: Page, button: Locator): Promise<void> {
  await button.focus();
  await page.keyboard.press('Enter');
}

describe('Scenario 30: a custom category built in the browser and used end to end (issue 17 item 1)', () => {
  test('a lead makes a category with a short field by keyboard, writes an entry on it, approves, endorses, submits and exports', async () => {
    const { mark } = stepTimings(scenario.artifacts);
    const person = newPerson('nhs_trust');
    const browser = await scenario.openBrowser('lead', person);
    await signUpThroughApi(browser.context, person);
    const { page } = browser;
    // The first save leaves a word limit out on purpose: the server answers 400 with the problem.
    scenario.expectConsoleErrors(/status of 400 \(Bad Request\) \(http:\/\/[^)]+\/api\/categories\)$/);
    const programme = `NHS Parliamentary Awards ${uniqueTag()}`;
    const category = 'Excellence in Primary Care';

    mark('set-up');
    // The category page, from the new-entry page's link.
    await page.goto('/entries/new');
    await page.getByRole('link', { name: 'Make a category for it' }).click();
    await page.getByRole('heading', { level: 1, name: 'Award categories' }).waitFor();
    await expectNoAxeViolations(scenario.artifacts, page, 'categories-empty');
    await tabTo(page, page.getByRole('button', { name: 'Make a category', exact: true }));
    await page.keyboard.press('Enter');
    const form = page.getByRole('region', { name: 'Make a category' });
    await form.getByRole('heading', { name: 'Make a category' }).waitFor();

    // Opening the form puts focus on its heading; the first Tab reaches its first field.
    await tabTo(page, form.getByRole('textbox', { name: 'Awards programme' }), { maxPresses: 1 });
    await page.keyboard.type(programme);
    await typeInto(page, form.getByRole('textbox', { name: 'Category', exact: true }), category);
    await typeInto(page, form.getByRole('textbox', { name: 'What the category recognises' }), 'Primary care teams.');
    await typeInto(page, form.getByRole('textbox', { name: /^Entry deadline/ }), '2027-03-01');
    // The first section: its word limit left out, to see the server's answer by the field.
    await typeInto(
      page,
      form.getByRole('textbox', { name: 'Title', exact: true }).first(),
      'What difference did it make?',
    );
    await typeInto(page, form.getByRole('textbox', { name: 'What the section is about' }).first(), 'The impact.');
    await typeInto(page, form.getByRole('textbox', { name: 'Guidance prompts' }).first(), 'Who benefited?');
    // A second section, added by keyboard: focus goes to its title.
    await press(page, form.getByRole('button', { name: 'Add a section' }));
    const secondTitle = page.locator('#category-section-1-title');
    expect(await hasFocus(secondTitle), await describeFocus(page)).toBe(true);
    await page.keyboard.type('What did you do?');
    await typeInto(page, page.locator('#category-section-1-summary'), 'The project.');
    await typeInto(page, page.locator('#category-section-1-prompts'), 'Describe the project.');
    await typeInto(page, page.locator('#category-section-1-wordLimit'), '300');
    // Moved up: it becomes the first section, and focus stays on its "Move up".
    await press(page, page.locator('#category-section-1-up'));
    await eventually(() => page.locator('#category-section-0-title').inputValue()).toBe('What did you do?');
    expect(await hasFocus(page.locator('#category-section-0-up')), await describeFocus(page)).toBe(true);

    // The award's short field: a project title of at most 60 characters, required.
    await press(page, form.getByRole('button', { name: 'Add a short field' }));
    expect(await hasFocus(page.locator('#category-short-0-label')), await describeFocus(page)).toBe(true);
    await page.keyboard.type('Project title');
    await page.locator('#category-short-0-charLimit').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('60');

    mark('form typed');
    await press(page, form.getByRole('button', { name: 'Save the category' }));
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('listitem').allTextContents()).toEqual(['sections[1].wordLimit: is required']);
    expect(await hasFocus(summary), 'the error summary takes focus').toBe(true);
    await expectNoAxeViolations(scenario.artifacts, page, 'category-form-error');
    // Its link goes to the field; the limit typed, saved.
    await summary.getByRole('link').press('Enter');
    expect(await hasFocus(page.locator('#category-section-1-wordLimit'))).toBe(true);
    await page.keyboard.type('250');
    await press(page, form.getByRole('button', { name: 'Save the category' }));
    const status = page.getByRole('status').filter({ hasText: `${programme}: ${category} saved.` });
    await status.waitFor();
    const listed = page.getByRole('heading', { level: 3, name: `${programme}: ${category}` });
    await listed.waitFor();
    await expectNoAxeViolations(scenario.artifacts, page, 'categories-listed');

    mark('category saved');
    // An entry on it, chosen by keyboard from the new-entry page.
    const title = newEntryTitle('Same-day primary care');
    const newEntry = await new NewEntryPage(page).goto();
    const radio = newEntry.category.getByRole('radio', { name: `${programme}: ${category}`, exact: true });
    await radio.focus();
    await page.keyboard.press('Space');
    expect(await radio.isChecked()).toBe(true);
    await typeInto(page, newEntry.title, title);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/entries\/(?!new)[^/]+$/);
    const entry = new EntryPage(page);
    await entry.heading(title).waitFor();
    expect(await entry.sectionTitles()).toEqual(['What did you do?', 'What difference did it make?']);

    // The short field is in the "About the entry" card, with its limit; written before submitting.
    const projectTitle = page
      .getByRole('region', { name: 'About the entry' })
      .getByLabel('Project title', { exact: true });
    await typeInto(page, projectTitle, 'Same-day clinics together');
    await eventually(() => page.getByText(/25 of 60 characters/).count()).toBe(1);

    mark('entry made');
    // Write, approve each section, endorse, submit.
    const texts: Record<string, string> = {
      'What did you do?': 'We opened same-day clinics in four practices.',
      'What difference did it make?': 'Waiting times for urgent appointments halved within a year.',
    };
    for (const [section, text] of Object.entries(texts)) await entry.section(section).enterAtEnd(text);
    for (const [section, text] of Object.entries(texts)) {
      await eventually(() => entry.section(section).text()).toBe(text);
      expect(await entry.section(section).wordCount()).toMatch(
        section.startsWith('What did') ? /of 300 words$/ : /of 250 words$/,
      );
    }
    await entry.waitUntilSaved(title);
    for (const section of Object.keys(texts)) {
      const editor = entry.section(section);
      await editor.approveButton.focus();
      await page.keyboard.press('Enter');
      await eventually(() => editor.status()).toBe('Approved');
    }
    await entry.signoff.endorseButton(person.organisationName).focus();
    await page.keyboard.press('Enter');
    await eventually(async () => (await entry.signoff.endorsementRows())[person.organisationName]).toMatch(
      /^Endorsed By /,
    );
    await entry.signoff.submit();
    await entry.signoff.submittedHeading.waitFor({ timeout: 15_000 });
    await expectNoAxeViolations(scenario.artifacts, page, 'entry-submitted');

    mark('written, approved, endorsed, submitted');
    // The criteria answers, as judges read them, have the custom sections and their limits.
    const pdf = await readPdfText(
      (await entry.history.download(entry.history.currentLink('criteria answers (PDF)'))).bytes,
    );
    expect(pdf.flat).toContain(title);
    expect(pdf.flat).toContain('Same-day clinics together');
    expect(pdf.flat).toMatch(/What did you do\? — \d+ \/ 300 words/);
    expect(pdf.flat).toMatch(/What difference did it make\? — \d+ \/ 250 words/);
    for (const text of Object.values(texts)) expect(pdf.flat).toContain(text);
    mark('exported');
  });
});
