import type { Locator, Page } from 'playwright-core';

/** Connection-independent facts about one section editor, read from its Tiptap instance. */
type EditorSnapshot = { text: string; yjs: string; editable: boolean };

/**
 * One section of an open entry: the region named by its title, its rich-text
 * text box (same name, described by "N of L words"), its formatting toolbar
 * and the carets of other people in it.
 *
 * Text is read from the editor's document (ProseMirror, bound to the
 * section's Y.XmlFragment), never from innerText: other people's caret labels
 * are DOM text inside the text box.
 */
export class SectionEditor {
  readonly region: Locator;
  readonly textbox: Locator;
  readonly toolbar: Locator;
  /** Other people's carets: the label "Name · Organisation" of each. */
  readonly caretLabels: Locator;
  /** The toolbar's "Cite evidence", and the inline form it opens: "Exhibit to cite", "Insert citation". */
  readonly citeButton: Locator;
  readonly exhibitToCite: Locator;
  readonly insertCitationButton: Locator;
  /** Under the text: "Who wrote this section" ("Name (Org): 60% of the text") and "Checks: <title>". */
  readonly contributors: Locator;
  readonly checks: Locator;
  /** A lead's "Approve <title>" (while the section is not approved for its current text). */
  readonly approveButton: Locator;
  /** "Approved by Name (Organisation) on …" or "Last approved by …". */
  readonly approvedBy: Locator;
  /** The disclosure "What changed since approval". */
  readonly approvalDiff: Locator;

  constructor(
    readonly page: Page,
    readonly title: string,
  ) {
    this.region = page.getByRole('region', { name: title, exact: true });
    this.textbox = this.region.getByRole('textbox', { name: title, exact: true });
    this.toolbar = this.region.getByRole('toolbar', { name: `Formatting: ${title}`, exact: true });
    this.caretLabels = this.textbox.locator('.jointly-caret__label');
    this.citeButton = this.toolbarButton('Cite evidence');
    this.exhibitToCite = this.region.getByRole('combobox', { name: 'Exhibit to cite', exact: true });
    this.insertCitationButton = this.region.getByRole('button', { name: 'Insert citation', exact: true });
    this.contributors = this.region.getByRole('list', { name: 'Who wrote this section', exact: true });
    this.checks = this.region.getByRole('list', { name: `Checks: ${title}`, exact: true });
    this.approveButton = this.region.getByRole('button', { name: `Approve ${title}`, exact: true });
    this.approvedBy = this.region.getByText(/^(Last approved|Approved) by /);
    this.approvalDiff = this.region.getByRole('group').filter({ hasText: 'What changed since approval' });
  }

  /** The status tag by the title: "Not started", "In progress", "Approved" or "Changed since approval". */
  async status(): Promise<string> {
    return ((await this.region.locator('.jointly-section__meta .nhsuk-tag').textContent()) ?? '').trim();
  }

  /** The coverage rules of the section as read out: "Met: …" or "Missing: …". */
  async checkLines(): Promise<string[]> {
    return listTexts(this.checks);
  }

  /** "Name (Organisation): 60% of the text", one a person. */
  async contributorLines(): Promise<string[]> {
    return listTexts(this.contributors);
  }

  /** Cites an exhibit at the caret: "Cite evidence", choose the option (e.g. "E2: Readmissions"), "Insert citation". */
  async cite(option: string): Promise<void> {
    await this.citeButton.click();
    await this.exhibitToCite.selectOption({ label: option });
    await this.insertCitationButton.click();
    await this.exhibitToCite.waitFor({ state: 'detached' });
  }

  /** The section id, from the region's element id `section-<id>`. */
  async id(): Promise<string> {
    const id = await this.region.getAttribute('id');
    if (!id?.startsWith('section-')) throw new Error(`Section "${this.title}" has no id`);
    return id.slice('section-'.length);
  }

  /** The word count that describes the text box, e.g. "12 of 400 words" (its first description; the size notice follows). */
  async wordCount(): Promise<string> {
    const describedBy = (await this.textbox.getAttribute('aria-describedby'))?.split(' ')[0];
    if (!describedBy) throw new Error(`The "${this.title}" text box has no description`);
    return ((await this.page.locator(`[id="${describedBy}"]`).textContent()) ?? '').trim();
  }

  toolbarButton(name: string): Locator {
    return this.toolbar.getByRole('button', { name, exact: true });
  }

  /**
   * Puts the caret at the end of the text (clicking into it first), and waits
   * until the editor itself has the caret there. Pressed within ~20 ms of the
   * click's focus, ProseMirror can put the DOM caret back where its state
   * still has it (its focus handler re-syncs the selection), and text entered
   * next would land mid-sentence; then Control+End is pressed again (at
   * most three times: someone else typing at the end may keep text after it).
   */
  async focusEnd(): Promise<void> {
    await this.textbox.click();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await this.page.keyboard.press('Control+End');
      if (await this.caretReachesEnd()) return;
    }
  }

  /** Whether the editor's selection is (within a few frames) a caret with no text after it; true if read-only. */
  private caretReachesEnd(timeoutMs = 500): Promise<boolean> {
    return this.textbox.evaluate(
      (element, timeoutMs) =>
        new Promise<boolean>((resolve) => {
          type Editor = {
            isEditable: boolean;
            state: {
              selection: { empty: boolean; head: number };
              doc: {
                content: { size: number };
                textBetween(from: number, to: number, block: string, leaf: string): string;
              };
            };
          };
          const editor = (element as HTMLElement & { editor?: Editor }).editor;
          if (!editor?.isEditable) return resolve(true);
          const deadline = performance.now() + timeoutMs;
          const check = () => {
            const { selection, doc } = editor.state;
            if (selection.empty && doc.textBetween(selection.head, doc.content.size, '\n', '\ufffc') === '') {
              return resolve(true);
            }
            if (performance.now() > deadline) return resolve(false);
            requestAnimationFrame(check);
          };
          check();
        }),
      timeoutMs,
    );
  }

  /** Types at the end of the section, like a person at the keyboard. */
  async typeAtEnd(text: string, delayMs = 0): Promise<void> {
    await this.focusEnd();
    await this.page.keyboard.type(text, { delay: delayMs });
  }

  /**
   * Enters text at the end of the section in one input event (as dictation or
   * an IME does), with `newParagraph` first pressing Enter: much quicker than
   * typing key by key when a scenario writes a lot and is not about typing.
   */
  async enterAtEnd(text: string, { newParagraph = false }: { newParagraph?: boolean } = {}): Promise<void> {
    await this.focusEnd();
    if (newParagraph) await this.page.keyboard.press('Enter');
    await this.page.keyboard.insertText(text);
  }

  private async snapshot(): Promise<EditorSnapshot> {
    return this.textbox.evaluate((element) => {
      type Fragment = { toString(): string };
      type Editor = {
        isEditable: boolean;
        getText(options: { blockSeparator: string }): string;
        extensionManager: { extensions: { name: string; options: { fragment?: Fragment } }[] };
      };
      const editor = (element as HTMLElement & { editor?: Editor }).editor;
      if (!editor) throw new Error('No Tiptap editor on this text box');
      const collaboration = editor.extensionManager.extensions.find((e) => e.name === 'collaboration');
      const fragment = collaboration?.options.fragment;
      if (!fragment) throw new Error('The editor is not bound to a Yjs fragment');
      return {
        text: editor.getText({ blockSeparator: '\n' }),
        yjs: fragment.toString(),
        editable: editor.isEditable && element.getAttribute('contenteditable') === 'true',
      };
    });
  }

  /** The section's plain text (blocks separated by newlines), without caret labels. */
  async text(): Promise<string> {
    return (await this.snapshot()).text;
  }

  /** The section's Y.XmlFragment serialised: the shared content itself, marks and blocks included. */
  async yjsContent(): Promise<string> {
    return (await this.snapshot()).yjs;
  }

  async isEditable(): Promise<boolean> {
    return (await this.snapshot()).editable;
  }

  /**
   * Starts watching for `marker` to appear in this section's text; the promise
   * resolves with the wall-clock time (Date.now() in this page) it appeared.
   * Start it before the other browser types.
   */
  watchForText(marker: string, timeoutMs = 10_000): Promise<number> {
    return this.textbox.evaluate(
      (element, { marker, timeoutMs }) =>
        new Promise<number>((resolve, reject) => {
          type Editor = {
            getText(): string;
            on(event: 'transaction', fn: () => void): void;
            off(event: 'transaction', fn: () => void): void;
          };
          const editor = (element as HTMLElement & { editor?: Editor }).editor;
          if (!editor) return reject(new Error('No Tiptap editor on this text box'));
          const check = () => {
            if (!editor.getText().includes(marker)) return false;
            const at = Date.now();
            editor.off('transaction', check);
            clearTimeout(timer);
            resolve(at);
            return true;
          };
          const timer = setTimeout(() => {
            editor.off('transaction', check);
            reject(new Error(`"${marker}" did not appear within ${timeoutMs} ms`));
          }, timeoutMs);
          if (!check()) editor.on('transaction', check);
        }),
      { marker, timeoutMs },
    );
  }

  /** Like watchForText, for another person's caret label containing `label` appearing in this section. */
  watchForCaret(label: string, timeoutMs = 10_000): Promise<number> {
    return this.textbox.evaluate(
      (element, { label, timeoutMs }) =>
        new Promise<number>((resolve, reject) => {
          const found = () =>
            Array.from(element.querySelectorAll('.jointly-caret__label')).some((node) =>
              node.textContent?.includes(label),
            );
          if (found()) return resolve(Date.now());
          const observer = new MutationObserver(() => {
            if (!found()) return;
            const at = Date.now();
            observer.disconnect();
            clearTimeout(timer);
            resolve(at);
          });
          const timer = setTimeout(() => {
            observer.disconnect();
            reject(new Error(`No caret "${label}" within ${timeoutMs} ms`));
          }, timeoutMs);
          observer.observe(element, { childList: true, subtree: true, characterData: true });
        }),
      { label, timeoutMs },
    );
  }
}

type KeyRecorder = Window & { __jointlyKeys?: number[] };

/** Installs, once per page, a recorder of the wall-clock time (Date.now()) of every key pressed in it. */
export async function recordKeystrokes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as KeyRecorder;
    if (w.__jointlyKeys) return;
    w.__jointlyKeys = [];
    document.addEventListener('keydown', () => w.__jointlyKeys?.push(Date.now()), { capture: true });
  });
}

/** The keydown times recorded since the last call (and forgets them). */
export async function takeKeystrokeTimes(page: Page): Promise<number[]> {
  const times = await page.evaluate(() => (window as KeyRecorder).__jointlyKeys?.splice(0));
  if (!times) throw new Error('No keystroke recorder: call recordKeystrokes first');
  return times;
}

/** The text of each item of a list as a screen reader reads it (visually hidden text included), spaces collapsed. */
export async function listTexts(list: Locator): Promise<string[]> {
  if ((await list.count()) === 0) return [];
  return (await list.getByRole('listitem').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
}
