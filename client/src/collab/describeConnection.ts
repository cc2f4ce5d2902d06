import { type CloseAction, closeCodeText } from './closeCodeText.ts';
import { type ConnectionState, hasUnsavedEdits, isSaved } from './connectionState.ts';

export type ConnectionTone = 'progress' | 'ok' | 'warning' | 'error';

export type ConnectionDescription = {
  /** Stable machine name, exposed as data-connection for tests and styling. */
  key: 'connecting' | 'syncing' | 'saving' | 'saved' | 'reconnecting' | 'offline' | 'stopped';
  /** The short status people see and hear. */
  label: string;
  /** One sentence of explanation, or empty. */
  detail: string;
  tone: ConnectionTone;
  action: CloseAction | null;
  /** What to say once the `resetLocalCopy` action has discarded the copy (closeCodeText), or null. */
  afterDiscard?: string | null;
};

const KEPT_ON_DEVICE = 'Your edits are kept on this device and will be saved when the connection returns.';

/** What the connection bar says for a state. Close-code wording comes from the one table in closeCodeText. */
export function describeConnection(state: ConnectionState): ConnectionDescription {
  switch (state.phase) {
    case 'connecting':
      return { key: 'connecting', label: 'Connecting…', detail: '', tone: 'progress', action: null };
    case 'syncing':
      return {
        key: 'syncing',
        label: 'Connected, syncing…',
        detail: 'Fetching the latest changes.',
        tone: 'progress',
        action: null,
      };
    case 'connected':
      return isSaved(state)
        ? { key: 'saved', label: 'Saved', detail: 'All changes saved.', tone: 'ok', action: null }
        : { key: 'saving', label: 'Saving…', detail: '', tone: 'progress', action: null };
    case 'reconnecting': {
      const text = state.lastCloseCode === null ? null : closeCodeText(state.lastCloseCode);
      const unsaved = hasUnsavedEdits(state);
      return {
        key: 'reconnecting',
        label: unsaved ? 'Reconnecting… (unsaved edits kept)' : 'Reconnecting…',
        detail: text?.detail ?? (unsaved ? KEPT_ON_DEVICE : 'Jointly is reconnecting.'),
        tone: 'warning',
        action: null,
      };
    }
    case 'offline':
      return {
        key: 'offline',
        label: hasUnsavedEdits(state) ? 'Offline – unsaved edits kept on this device' : 'Offline',
        detail: 'You can keep writing. Your edits are kept on this device and will be saved when you are back online.',
        tone: 'warning',
        action: null,
      };
    case 'stopped': {
      const text = closeCodeText(state.stoppedBy ?? state.lastCloseCode ?? 0);
      return {
        key: 'stopped',
        label: text.headline,
        detail: text.detail,
        tone: 'error',
        action: text.action,
        afterDiscard: text.afterDiscard ?? null,
      };
    }
  }
}
