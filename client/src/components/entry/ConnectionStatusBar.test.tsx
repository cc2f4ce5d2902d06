import { CloseCode } from '@jointly/shared';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { type ConnectionEvent, connectionReducer, initialConnectionState } from '../../collab/connectionState.ts';
import type { EntryCollabSession } from '../../collab/EntryCollabSession.ts';
import { ConnectionStatusBar } from './ConnectionStatusBar.tsx';

/** What the bar reads of a session: its state, here the real reducer's after the socket closed with `code`. */
function sessionClosedWith(code: number): EntryCollabSession {
  const events: ConnectionEvent[] = [
    { type: 'connecting' },
    { type: 'open' },
    { type: 'synced' },
    { type: 'closed', code },
  ];
  const state = events.reduce(
    (current, event) => connectionReducer(current, event, { abnormalClosesBeforeProbe: 3 }),
    initialConnectionState(),
  );
  return { subscribe: () => () => {}, getState: () => state } as unknown as EntryCollabSession;
}

function discardAfter(code: number): ReturnType<typeof vi.fn> {
  const onResetLocalCopy = vi.fn();
  render(
    <MemoryRouter>
      <ConnectionStatusBar session={sessionClosedWith(code)} onResetLocalCopy={onResetLocalCopy} />
    </MemoryRouter>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Discard this browser’s copy' }));
  return onResetLocalCopy;
}

describe('ConnectionStatusBar: discarding a copy the server refused', () => {
  it('after 4422 it asks for the copy to go with a notice, so its words are offered back', () => {
    const onResetLocalCopy = discardAfter(CloseCode.updateRefused);
    expect(onResetLocalCopy).toHaveBeenCalledWith(expect.stringContaining('the copy was discarded'));
  });

  it('after 4409 (another account’s changes) it asks for no notice, so nothing of the copy is shown', () => {
    expect(discardAfter(CloseCode.forgedClientId)).toHaveBeenCalledWith(null);
  });
});
