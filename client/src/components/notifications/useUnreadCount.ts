import { useSyncExternalStore } from 'react';
import { type UnreadStore, unreadStore } from './unreadStore.ts';

/** The signed-in person's unread notifications (null until first known), live. */
export function useUnreadCount(store: UnreadStore = unreadStore): number | null {
  return useSyncExternalStore(store.subscribe, store.current, () => null);
}
