import type { Locator, Page } from 'playwright-core';
import { listTexts } from './SectionEditor.ts';

/**
 * The entry page's region "Sign-off": the error summary of a refused submit,
 * the confirmation of a submission, the table "Endorsements by organisation",
 * and a lead's "Endorse for <organisation>" and "Submit entry".
 */
export class SignoffPanel {
  readonly region: Locator;
  readonly submitButton: Locator;
  /** "Yes, submit entry" in the confirmation that "Submit entry" opens (it locks the entry for everyone). */
  readonly confirmSubmitButton: Locator;
  /** After a refused submit, the unmet conditions as they are now (read again on every change). */
  readonly currentConditions: Locator;
  /** The alert headed "The entry cannot be submitted yet", listing every unmet condition. */
  readonly unmetSummary: Locator;
  /** The panel's heading "Entry submitted" (its text says the version and when). */
  readonly submittedHeading: Locator;
  /** Under it: "Version N, submitted on <when>." */
  readonly submittedVersion: Locator;
  readonly endorsements: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Sign-off', exact: true });
    this.submitButton = this.region.getByRole('button', { name: 'Submit entry', exact: true });
    this.confirmSubmitButton = this.region.getByRole('button', { name: 'Yes, submit entry', exact: true });
    this.currentConditions = this.region.locator('.jointly-submit-conditions');
    this.unmetSummary = this.region
      .getByRole('alert')
      .filter({ has: page.getByRole('heading', { name: 'The entry cannot be submitted yet', exact: true }) });
    this.submittedHeading = this.region.getByRole('heading', { name: 'Entry submitted', exact: true });
    this.submittedVersion = this.region.getByText(/^Version \d+, submitted on /);
    this.endorsements = this.region.getByRole('table', { name: 'Endorsements by organisation', exact: true });
  }

  /** "Submit entry", then "Yes, submit entry". */
  async submit(): Promise<void> {
    await this.submitButton.click();
    await this.confirmSubmitButton.click();
  }

  endorseButton(organisationName: string): Locator {
    return this.region.getByRole('button', { name: `Endorse for ${organisationName}`, exact: true });
  }

  /** The unmet conditions the error summary lists, as read out. */
  async unmetConditions(): Promise<string[]> {
    await this.unmetSummary.waitFor();
    return listTexts(this.unmetSummary.getByRole('list'));
  }

  /** Each organisation's endorsement as the table says it: { organisation: "Endorsed By Priya Shah on …" }. */
  async endorsementRows(): Promise<Record<string, string>> {
    const rows: Record<string, string> = {};
    for (const row of await this.endorsements.getByRole('row').all()) {
      const header = row.getByRole('rowheader');
      if ((await header.count()) === 0) continue;
      const organisation = ((await header.textContent()) ?? '').trim();
      rows[organisation] = ((await row.getByRole('cell').textContent()) ?? '').replace(/\s+/g, ' ').trim();
    }
    return rows;
  }
}

/** The region "Submitted" shown while the entry is submitted, with a lead's "Reopen entry" and its confirmation. */
export class SubmittedBanner {
  readonly region: Locator;
  readonly reopenButton: Locator;
  readonly confirmReopenButton: Locator;
  /** "Submitted on <when> by Name (Organisation) — version N". */
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Submitted', exact: true });
    this.summary = this.region.getByText(/^Submitted on /);
    this.reopenButton = this.region.getByRole('button', { name: 'Reopen entry', exact: true });
    this.confirmReopenButton = this.region.getByRole('button', { name: 'Yes, reopen entry', exact: true });
  }

  /** "Reopen entry", then "Yes, reopen entry"; returns once the banner has gone. */
  async reopen(): Promise<void> {
    await this.reopenButton.click();
    await this.confirmReopenButton.click();
    await this.region.waitFor({ state: 'detached' });
  }
}

export type DownloadedFile = { filename: string; bytes: Buffer };

/** The links of "The entry as it is now". */
export type CurrentExport =
  | 'criteria answers (PDF)'
  | 'criteria answers (Word)'
  | 'supporting evidence (PDF)'
  | 'contributor register (PDF)'
  | 'contributor register (CSV)';

/** The links of each submitted version. */
export type VersionExport = 'Criteria answers (PDF)' | 'Criteria answers (Word)' | 'Supporting evidence (PDF)';

/** The region "Downloads and history": downloads of the entry as it is now, and the list "Submitted versions". */
export class EntryHistory {
  readonly region: Locator;
  readonly versions: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Downloads and history', exact: true });
    this.versions = this.region.getByRole('list', { name: 'Submitted versions', exact: true });
  }

  /** "Download criteria answers (PDF)" and the like. */
  currentLink(what: CurrentExport): Locator {
    return this.region.getByRole('link', { name: `Download ${what}`, exact: true });
  }

  /** "Criteria answers (PDF) – version 1" and the like. */
  versionLink(what: VersionExport, version: number): Locator {
    return this.versions.getByRole('link', { name: `${what} – version ${version}`, exact: true });
  }

  /** The h4 of each submitted version, newest first: "Version 2", "Version 1". */
  async versionHeadings(): Promise<string[]> {
    if ((await this.versions.count()) === 0) return [];
    return (await this.versions.getByRole('heading', { level: 4 }).allTextContents()).map((text) => text.trim());
  }

  /** Follows a download link as a person would and returns the file the browser saved. */
  async download(link: Locator): Promise<DownloadedFile> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), link.click()]);
    const failure = await download.failure();
    if (failure) throw new Error(`The download of ${download.suggestedFilename()} failed: ${failure}`);
    // Read through the connection: the browser runs in the global setup's process, so no local path (`path()` throws).
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    return { filename: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }
}
