import { CloseCode } from '@jointly/shared';
import type { WebSocketRoute } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { acceptThroughApi, inviteThroughApi, signUpThroughApi } from './support/api.ts';
import { exchangeOnRawSocket } from './support/exchangeOnRawSocket.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { newPerson, uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';
import { awarenessClientIds, awarenessMessage } from './support/yjsMessages.ts';

const scenario = useScenario('12-hostile-awareness');

/** Cursors y-prosemirror's caret plugin throws on, on every remote change (issue 10, finding 4). */
const HOSTILE_CURSORS = [{ anchor: null, head: null }, { anchor: 1 }, { anchor: { tname: 'x' }, head: 'here' }];
/** An awareness client id no real client of this test has (random 32-bit ids). */
const HOSTILE_CLIENT_ID = 77_000_001;

describe('Scenario 12: a hostile awareness cursor cannot break the editors or lose text (issue 10, finding 4; C-AW-9)', () => {
  test('I10-4: the server closes a viewer sending one (1008); a page given one anyway keeps every edit', async () => {
    const shared = await openSharedEntry(scenario);
    const { lead, partner } = shared;
    const pageErrors: string[] = [];
    for (const { browser } of [lead, partner]) {
      browser.page.on('pageerror', (error) => pageErrors.push(`${browser.label}: ${error.message}`));
    }

    // The contributor's collaboration socket runs through the test, so it can hand the page
    // what a server that missed a case would relay; everything else passes unchanged, except
    // the page's echo of those states (y-websocket re-sends every awareness change it applies),
    // which the server would answer by closing the socket 1008, and the reconnect would drop them.
    const injectedIds = new Set(HOSTILE_CURSORS.map((_, i) => HOSTILE_CLIENT_ID + 10 + i));
    let route: WebSocketRoute | null = null;
    await partner.browser.page.routeWebSocket(/\/collab\//, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        const ids = typeof message === 'string' ? null : awarenessClientIds(message);
        if (ids?.some((id) => injectedIds.has(id))) return;
        server.send(message);
      });
      route = socket;
    });
    await partner.browser.page.reload();
    await partner.entry.waitUntilSaved(shared.title);
    expect(route, 'the page reconnected through the route').not.toBeNull();

    // A viewer of the entry, on a raw socket of their own session.
    const viewerPerson = newPerson('other');
    const viewer = await scenario.openBrowser('viewer', viewerPerson);
    await signUpThroughApi(viewer.context, viewerPerson);
    const invitation = await inviteThroughApi(lead.browser.context, shared.entryId, viewerPerson.email, 'viewer');
    await acceptThroughApi(viewer.context, invitation.token);
    await viewer.page.goto('/');

    const tag = uniqueTag();
    const pieces = [`Lead one ${tag}.`, ` Lead two ${tag}.`, ` Supplier ${tag}.`, ` Lead three ${tag}.`];
    await lead.entry.section(CONTEXT).typeAtEnd(pieces[0]!);
    await expect.poll(() => partner.entry.section(CONTEXT).text()).toBe(pieces[0]);
    const contextId = await lead.entry.section(CONTEXT).id();

    // The server: a valid state from the viewer is taken (control), each hostile cursor closes the socket 1008.
    const control = await exchangeOnRawSocket(viewer.page, shared.entryId, [
      awarenessMessage(HOSTILE_CLIENT_ID, 1, { cursor: null, section: contextId }),
    ]);
    expect(control.closeCode, 'a valid awareness state is accepted').toBeNull();
    expect(control.lastAnswer).not.toBeNull();
    for (const [i, cursor] of HOSTILE_CURSORS.entries()) {
      const refused = await exchangeOnRawSocket(viewer.page, shared.entryId, [
        awarenessMessage(HOSTILE_CLIENT_ID + 1 + i, 1, { cursor, section: contextId }),
      ]);
      expect(refused.closeCode, JSON.stringify(cursor)).toBe(CloseCode.policyViolation);
    }

    // The client: the same states handed straight to the contributor's page, as if relayed.
    const send = (message: number[]) => (route as WebSocketRoute | null)?.send(Buffer.from(message));
    for (const [i, cursor] of HOSTILE_CURSORS.entries()) {
      send(
        awarenessMessage(HOSTILE_CLIENT_ID + 10 + i, 1, {
          user: { id: `hostile-${i}`, name: `Hostile Peer ${i}`, organisationName: 'Nowhere Ltd', color: '#d5281b' },
          cursor,
          section: contextId,
        }),
      );
    }
    // They reached the page's awareness: the people in the section list them.
    await partner.browser.page.getByText('Hostile Peer 0').first().waitFor();
    const awarenessIds = () =>
      partner.entry.section(CONTEXT).textbox.evaluate((element) => {
        type Awareness = { getStates(): Map<number, unknown> };
        type Editor = {
          extensionManager: { extensions: { name: string; options: { provider?: { awareness: Awareness } } }[] };
        };
        const editor = (element as HTMLElement & { editor?: Editor }).editor;
        const caret = editor?.extensionManager.extensions.find((extension) => extension.name === 'collaborationCaret');
        return [...(caret?.options.provider?.awareness.getStates().keys() ?? [])];
      });

    // Both members go on writing in the section the hostile cursors point into.
    await lead.entry.section(CONTEXT).typeAtEnd(pieces[1]!);
    await expect.poll(() => partner.entry.section(CONTEXT).text()).toBe(pieces.slice(0, 2).join(''));
    await partner.entry.section(CONTEXT).typeAtEnd(pieces[2]!);
    await expect.poll(() => lead.entry.section(CONTEXT).text()).toBe(pieces.slice(0, 3).join(''));
    await lead.entry.section(CONTEXT).typeAtEnd(pieces[3]!);
    await expect.poll(() => partner.entry.section(CONTEXT).text()).toBe(pieces.join(''));
    // The page still holds the hostile states in its awareness (presence lists them); its carets leave them out.
    expect(await partner.browser.page.getByText('Hostile Peer 2').count()).toBeGreaterThan(0);
    expect((await awarenessIds()).filter((id) => injectedIds.has(id))).toEqual([]);

    // Nothing lost: both copies of the shared content are the same and hold every piece.
    await Promise.all([lead.entry.waitForConnection('saved'), partner.entry.waitForConnection('saved')]);
    const [leadYjs, partnerYjs] = await Promise.all([
      lead.entry.section(CONTEXT).yjsContent(),
      partner.entry.section(CONTEXT).yjsContent(),
    ]);
    expect(partnerYjs).toBe(leadYjs);
    expect(leadYjs).toBe(`<paragraph>${pieces.join('')}</paragraph>`);
    expect(pageErrors).toEqual([]);
    await scenario.artifacts.screenshot(partner.browser.page, 'contributor-beside-hostile-cursors');
  });
});
