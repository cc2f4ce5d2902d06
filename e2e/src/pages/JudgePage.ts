import type { Locator, Page } from 'playwright-core';
import { AppShell } from './AppShell.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `/entries/:id/judge`, "Preview as judges see it": each section read-only as
 * a region "N. <title>", and the region "Supporting evidence" with one card
 * per exhibit ("E1: Testimonial from …", "E3: <title>") and what is withheld.
 */
export class JudgePage extends AppShell {
  readonly backLink: Locator;
  readonly exhibits: Locator;

  constructor(page: Page) {
    super(page);
    this.backLink = page.getByRole('link', { name: 'Back to the entry', exact: true });
    this.exhibits = page.getByRole('region', { name: 'Supporting evidence', exact: true });
  }

  /** The region of a section, named "N. <title>". */
  section(title: string): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^\\d+\\. ${escapeRegExp(title)}$`) });
  }

  /** The section's text as a judge reads it (blocks separated by newlines, citations as "see E3"), from its read-only editor. */
  async sectionText(title: string): Promise<string> {
    // The editor's root is the first contenteditable element (its citations are contenteditable=false spans inside it).
    return this.section(title)
      .locator('[contenteditable]')
      .first()
      .evaluate((element) => {
        type Editor = { isEditable: boolean; getText(options: { blockSeparator: string }): string };
        const editor = (element as HTMLElement & { editor?: Editor }).editor;
        if (!editor) throw new Error('No Tiptap editor in this section');
        if (editor.isEditable) throw new Error('The judge view’s text is editable');
        return editor.getText({ blockSeparator: '\n' });
      });
  }

  /** Each exhibit card's heading, in order: "E1: Testimonial from …". */
  async exhibitHeadings(): Promise<string[]> {
    return (await this.exhibits.getByRole('heading', { level: 3 }).allTextContents()).map((text) => text.trim());
  }
}
