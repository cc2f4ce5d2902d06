import { sectionFragmentName } from '@jointly/shared';
import { describe, expect, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { SignInPage } from './pages/SignInPage.ts';
import { exchangeOnRawSocket } from './support/exchangeOnRawSocket.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT, PARTNERSHIP_SECTIONS, VALUE } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';
import { docFromSyncStep2, paragraphUpdateMessage } from './support/yjsMessages.ts';

const scenario = useScenario('05-viewer-read-only');

describe('Scenario 5: a viewer cannot change the text (PRODUCT §4; C-WRITE-1, C-SYNC-1)', () => {
  test('the page offers no way to write, and a crafted write on a raw socket is not stored', async () => {
    const shared = await openSharedEntry(scenario, {
      partnerRole: 'viewer',
      partnerKind: 'other',
      partnerLabel: 'viewer',
    });
    const { lead, partner: viewer } = shared;
    const tag = uniqueTag();
    const leadText = `Lead's text ${tag}.`;
    await lead.entry.section(CONTEXT).typeAtEnd(leadText);
    await expect.poll(() => viewer.entry.section(CONTEXT).text()).toBe(leadText);

    // The viewer's page: told they are a viewer, no toolbars, no editable text, no invite form.
    await viewer.entry.main.getByText('You are a viewer on this entry').waitFor();
    for (const title of PARTNERSHIP_SECTIONS) {
      const section = viewer.entry.section(title);
      expect(await section.isEditable(), title).toBe(false);
      expect(await section.textbox.getAttribute('aria-readonly'), title).toBe('true');
      expect(await section.toolbar.count(), title).toBe(0);
    }
    expect(await viewer.entry.sendInvitationButton.count()).toBe(0);
    // Typing into it does nothing.
    await viewer.entry.section(CONTEXT).textbox.click();
    await viewer.browser.page.keyboard.type('viewer typing');
    expect(await viewer.entry.section(CONTEXT).text()).toBe(leadText);
    await scenario.artifacts.screenshot(viewer.browser.page, 'viewer-page');

    // Control: the same crafted message from the lead's page (a raw socket with the lead's
    // session) is a valid write and is stored and relayed, so the refusal below is about the role.
    const valueId = await lead.entry.section(VALUE).id();
    const control = `CONTROL by the lead ${tag}`;
    const controlExchange = await exchangeOnRawSocket(lead.browser.page, shared.entryId, [
      paragraphUpdateMessage(sectionFragmentName(valueId), control),
    ]);
    const controlAnswer = controlExchange.lastAnswer;
    expect(
      controlAnswer,
      `the lead's raw socket was answered (close code ${controlExchange.closeCode})`,
    ).not.toBeNull();
    expect(docFromSyncStep2(controlAnswer!).getXmlFragment(sectionFragmentName(valueId)).toString()).toContain(control);
    await expect.poll(() => viewer.entry.section(VALUE).text()).toBe(control);

    // A crafted write from the viewer's page: a raw socket with the viewer's session sends the
    // same kind of y-sync Update, then asks for the whole document. The answer must not contain it.
    const forged = `FORGED by the viewer ${tag}`;
    const exchange = await exchangeOnRawSocket(viewer.browser.page, shared.entryId, [
      paragraphUpdateMessage(sectionFragmentName(valueId), forged),
    ]);
    scenario.artifacts.note('viewer-raw-socket.json', {
      opened: exchange.opened,
      closeCode: exchange.closeCode,
      messagesReceived: exchange.received.length,
      answered: exchange.lastAnswer !== null,
    });
    expect(exchange.opened, 'the viewer may open a (read-only) socket').toBe(true);
    if (exchange.lastAnswer) {
      const stored = docFromSyncStep2(exchange.lastAnswer).getXmlFragment(sectionFragmentName(valueId)).toString();
      expect(stored).toContain(control);
      expect(stored).not.toContain(forged);
    } else {
      // The server may instead refuse the write by closing the socket; either way nothing is stored.
      expect(exchange.closeCode, 'neither an answer nor a close').not.toBeNull();
    }

    // The live pages never receive it: a later edit of the lead arrives, the forged one does not.
    await lead.entry.section(CONTEXT).typeAtEnd(' After the attempt.');
    await expect.poll(() => viewer.entry.section(CONTEXT).text()).toBe(`${leadText} After the attempt.`);
    await lead.entry.waitForConnection('saved');
    expect(await lead.entry.section(VALUE).text()).toBe(control);
    expect(await viewer.entry.section(VALUE).text()).toBe(control);

    // A fresh browser (no offline copy) loads only what the server stored.
    const fresh = await scenario.openBrowser('trust-fresh', lead.person);
    await new SignInPage(fresh.page).goto().then((page) => page.signIn(lead.person));
    const freshEntry = await new EntryPage(fresh.page)
      .goto(shared.entryId)
      .then((page) => page.waitUntilSaved(shared.title));
    expect(await freshEntry.section(CONTEXT).text()).toBe(`${leadText} After the attempt.`);
    expect(await freshEntry.section(VALUE).text()).toBe(control);
    for (const title of PARTNERSHIP_SECTIONS) {
      expect(await freshEntry.section(title).yjsContent()).toBe(await lead.entry.section(title).yjsContent());
      expect(await freshEntry.section(title).yjsContent()).not.toContain('FORGED');
    }
    await scenario.artifacts.screenshot(fresh.page, 'fresh-browser-after-forged-write');
  });

  test('a write made through the viewer page’s own document is not stored or relayed', async () => {
    const shared = await openSharedEntry(scenario, {
      partnerRole: 'viewer',
      partnerKind: 'other',
      partnerLabel: 'viewer',
    });
    const { lead, partner: viewer } = shared;
    const forged = `FORGED through the provider ${uniqueTag()}`;

    // Bypass the read-only editor: a ProseMirror transaction on the page's own editor changes
    // its Y.XmlFragment, which the page's provider sends to the server as an Update.
    await viewer.entry.section(CONTEXT).textbox.evaluate((element, text) => {
      type View = { state: { tr: { insertText(text: string, at: number): unknown } }; dispatch(tr: unknown): void };
      const editor = (element as HTMLElement & { editor?: { view: View } }).editor;
      if (!editor) throw new Error('No Tiptap editor on this text box');
      editor.view.dispatch(editor.view.state.tr.insertText(text, 1));
    }, forged);
    await expect.poll(() => viewer.entry.section(CONTEXT).text()).toContain(forged);

    // The lead types after it; the viewer receives that, proving the relay is flowing…
    await lead.entry.section(CONTEXT).typeAtEnd('Lead after.');
    await expect.poll(() => viewer.entry.section(CONTEXT).text()).toContain('Lead after.');
    await lead.entry.waitForConnection('saved');
    // …but the lead never receives the viewer's text, and a fresh browser does not load it.
    expect(await lead.entry.section(CONTEXT).text()).toBe('Lead after.');
    const fresh = await scenario.openBrowser('trust-fresh', lead.person);
    await new SignInPage(fresh.page).goto().then((page) => page.signIn(lead.person));
    const freshEntry = await new EntryPage(fresh.page)
      .goto(shared.entryId)
      .then((page) => page.waitUntilSaved(shared.title));
    expect(await freshEntry.section(CONTEXT).text()).toBe('Lead after.');
    await scenario.artifacts.screenshot(viewer.browser.page, 'viewer-with-local-only-text');
  });
});
