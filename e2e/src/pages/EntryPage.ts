import type { Role } from '@jointly/shared';
import type { Locator, Page } from 'playwright-core';
import { AppShell } from './AppShell.ts';
import { ItemsPanel } from './ItemsPanel.ts';
import { listTexts, SectionEditor } from './SectionEditor.ts';
import { EntryHistory, SignoffPanel, SubmittedBanner } from './SignoffPanel.ts';

/** The machine states of the connection bar (`data-connection`). */
export type ConnectionKey = 'connecting' | 'syncing' | 'saving' | 'saved' | 'reconnecting' | 'offline' | 'stopped';

const ROLE_LABEL: Record<Role, string> = { lead: 'Lead', contributor: 'Contributor', viewer: 'Viewer' };

/**
 * `/entries/:id`: the live sections, the connection bar, who is here now, and
 * (for a lead) members and invitations.
 */
export class EntryPage extends AppShell {
  readonly connection: Locator;
  readonly workingOnItNow: Locator;
  readonly people: Locator;
  readonly members: Locator;
  readonly inviteEmail: Locator;
  readonly inviteRole: Locator;
  readonly sendInvitationButton: Locator;
  /** The sidebar region "Testimonials and evidence". */
  readonly items: ItemsPanel;
  /** The entry-wide region "What the entry must contain". */
  readonly coverage: Locator;
  /** Its status line, "X of N checks met." */
  readonly coverageStatus: Locator;
  /** The region "Contributor register" and its table (Person, Organisation, Sections, Items, Edits). */
  readonly register: Locator;
  readonly registerTable: Locator;
  /** The region "Sign-off": endorsements, "Submit entry", its error summary and confirmation. */
  readonly signoff: SignoffPanel;
  /** The region "Submitted", there while the entry is submitted. */
  readonly submittedBanner: SubmittedBanner;
  /** The region "Downloads and history". */
  readonly history: EntryHistory;
  /** The sidebar region "Activity" and its list, newest first. */
  readonly activity: Locator;
  readonly activityList: Locator;
  readonly judgePreviewLink: Locator;

  constructor(page: Page) {
    super(page);
    this.connection = page.getByRole('region', { name: 'Connection status' });
    this.workingOnItNow = page.getByRole('region', { name: 'Working on it now' });
    this.people = page.getByRole('region', { name: 'People on this entry' });
    this.members = this.people.getByRole('list', { name: 'Members' });
    this.inviteEmail = this.people.getByRole('textbox', { name: 'Email address' });
    this.inviteRole = this.people.getByRole('combobox', { name: 'Role', exact: true });
    this.sendInvitationButton = this.people.getByRole('button', { name: 'Send invitation' });
    this.items = new ItemsPanel(page);
    this.coverage = page.getByRole('region', { name: 'What the entry must contain', exact: true });
    this.coverageStatus = this.coverage.getByRole('status');
    this.register = page.getByRole('region', { name: 'Contributor register', exact: true });
    this.registerTable = this.register.getByRole('table', { name: 'Contributor register', exact: true });
    this.signoff = new SignoffPanel(page);
    this.submittedBanner = new SubmittedBanner(page);
    this.history = new EntryHistory(page);
    this.activity = page.getByRole('region', { name: 'Activity', exact: true });
    this.activityList = this.activity.getByRole('list', { name: 'Activity, newest first', exact: true });
    this.judgePreviewLink = page.getByRole('link', { name: 'Preview as judges see it', exact: true });
  }

  async goto(entryId: string): Promise<this> {
    await this.page.goto(`/entries/${encodeURIComponent(entryId)}`);
    return this;
  }

  /** Waits for the entry's heading and for its document to be in sync with the server. */
  async waitUntilSaved(title: string, timeoutMs = 15_000): Promise<this> {
    await this.heading(title).waitFor({ timeout: timeoutMs });
    await this.waitForConnection('saved', timeoutMs);
    return this;
  }

  section(title: string): SectionEditor {
    return new SectionEditor(this.page, title);
  }

  /** Titles of every section, in order (each section card's h2; the sidebar's panels are not sections). */
  async sectionTitles(): Promise<string[]> {
    return this.page.locator('section.jointly-section h2').allInnerTexts();
  }

  /** The connection bar's machine state. */
  async connectionState(): Promise<ConnectionKey | null> {
    return (await this.connection.getAttribute('data-connection')) as ConnectionKey | null;
  }

  /** The connection bar's headline, e.g. "Saved" or "Access removed". */
  async connectionLabel(): Promise<string> {
    return ((await this.connection.locator('strong').textContent()) ?? '').trim();
  }

  async waitForConnection(state: ConnectionKey, timeoutMs = 15_000): Promise<void> {
    await this.page
      .locator(`section[aria-label="Connection status"][data-connection="${state}"]`)
      .waitFor({ timeout: timeoutMs });
  }

  /** A member's row in the "Members" list. */
  member(name: string): Locator {
    return this.members.getByRole('listitem').filter({ hasText: name });
  }

  /** Invites someone through the form and returns the invitation link shown with their pending invitation. */
  async invite(email: string, role: Role): Promise<string> {
    await this.inviteEmail.fill(email);
    await this.inviteRole.selectOption({ label: ROLE_LABEL[role] });
    await this.sendInvitationButton.click();
    await this.people.getByText(`Invitation created for ${email}`).waitFor();
    await this.invitationLink(email).waitFor();
    return this.invitationLink(email).inputValue();
  }

  /** The link made on this page for the pending invitation of `email` ("Invitation link for <email>"). */
  invitationLink(email: string): Locator {
    return this.people.getByRole('textbox', { name: `Invitation link for ${email}`, exact: true });
  }

  /** Presses "Copy link" by the invitation of `email` and returns what it put on the clipboard (needs clipboard permissions). */
  async copyInvitationLink(email: string): Promise<string> {
    await this.people.getByRole('button', { name: `Copy link for ${email}`, exact: true }).click();
    await this.people
      .getByRole('status')
      .filter({ hasText: /^Link copied$/ })
      .waitFor();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Presses "Copy a new link" by the invitation of `email` (re-issue) and returns the new link from the clipboard. */
  async copyNewInvitationLink(email: string): Promise<string> {
    await this.people.getByRole('button', { name: `Copy a new link for ${email}`, exact: true }).click();
    await this.people.getByText(`A new link for ${email} is copied.`, { exact: false }).waitFor();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  revokeInvitationButton(email: string): Locator {
    return this.people.getByRole('button', { name: `Revoke invitation for ${email}`, exact: true });
  }

  /** Removes a member with the two-step confirmation, and waits for their row to go. */
  async removeMember(name: string): Promise<void> {
    await this.people.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
    await this.people.getByRole('button', { name: `Yes, remove ${name}`, exact: true }).click();
    await this.member(name).waitFor({ state: 'detached' });
  }

  async changeRole(name: string, role: Role): Promise<void> {
    await this.people.getByRole('combobox', { name: `Role for ${name}`, exact: true }).selectOption({
      label: ROLE_LABEL[role],
    });
    await this.people.getByRole('button', { name: `Change role for ${name}`, exact: true }).click();
    await this.member(name).filter({ hasText: ROLE_LABEL[role] }).waitFor();
  }

  /** The activity feed's sentences, newest first, without their times. */
  async activityLines(): Promise<string[]> {
    if ((await this.activityList.count()) === 0) return [];
    return (await this.activityList
      .getByRole('listitem')
      .evaluateAll((items) => items.map((item) => item.firstChild?.textContent?.trim() ?? ''))) as string[];
  }

  /** The entry-wide checks as read out: "Met: …" or "Missing: …". */
  async entryChecks(): Promise<string[]> {
    return listTexts(this.coverage.getByRole('list', { name: 'Checks for the whole entry', exact: true }));
  }

  /**
   * The contributor register as rows of cells keyed by column header:
   * { Person, Organisation, Sections, Items, Edits }.
   */
  async registerRows(): Promise<Record<string, string>[]> {
    const headers = (await this.registerTable.getByRole('columnheader').allTextContents()).map((t) => t.trim());
    const rows = await this.registerTable.getByRole('row').all();
    const result: Record<string, string>[] = [];
    for (const row of rows.slice(1)) {
      // Each value without the column name shown beside it when rows stack (`.nhsuk-table__heading`).
      const cells = await row.locator('th, td').evaluateAll((elements) =>
        elements.map((cell) =>
          Array.from(cell.childNodes)
            .filter((node) => !(node instanceof Element && node.classList.contains('nhsuk-table__heading')))
            .map((node) => node.textContent ?? '')
            .join(''),
        ),
      );
      result.push(Object.fromEntries(headers.map((header, i) => [header, (cells[i] ?? '').trim()])));
    }
    return result;
  }
}
