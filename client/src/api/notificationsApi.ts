import type {
  NotificationKind,
  NotificationListDto,
  NotificationSettingsDto,
  ReviewRequestDto,
  TasksDto,
} from '@jointly/shared';
import { request } from './apiClient.ts';

// Notifications, "My tasks" and review requests (issue 14 items 5 and 6)

const segment = encodeURIComponent;

/** The signed-in person's latest notifications and unread count. */
export function listNotifications(signal?: AbortSignal): Promise<NotificationListDto> {
  return request<NotificationListDto>('GET', '/api/notifications', signal ? { signal } : {});
}

/** Marks some of one's notifications read, or all of them; answers the unread count left. */
export function markNotificationsRead(which: { ids: string[] } | { all: true }): Promise<{ unread: number }> {
  return request<{ unread: number }>('POST', '/api/notifications/read', { body: which });
}

/** What waits for the person, computed now (due assignments, reviews asked of a lead, endorsements). */
export function listTasks(signal?: AbortSignal): Promise<TasksDto> {
  return request<TasksDto>('GET', '/api/tasks', signal ? { signal } : {});
}

export function getNotificationSettings(): Promise<NotificationSettingsDto> {
  return request<NotificationSettingsDto>('GET', '/api/notifications/settings');
}

export function saveNotificationSettings(emailOff: NotificationKind[]): Promise<NotificationSettingsDto> {
  return request<NotificationSettingsDto>('PUT', '/api/notifications/settings', { body: { emailOff } });
}

/** An unsubscribe link's action (no session needed): one kind off, or every kind when `kind` is absent. */
export function unsubscribe(token: string, kind: NotificationKind | null): Promise<NotificationSettingsDto> {
  const query = kind ? `?kind=${segment(kind)}` : '';
  return request<NotificationSettingsDto>('POST', `/api/notifications/unsubscribe/${segment(token)}${query}`, {
    expect401: true,
  });
}

/** Marks a section "ready for review": every lead is notified. */
export function requestReview(entryId: string, sectionId: string): Promise<ReviewRequestDto> {
  return request<ReviewRequestDto>(
    'POST',
    `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/review-request`,
  );
}

export function withdrawReview(entryId: string, sectionId: string): Promise<void> {
  return request<void>('DELETE', `/api/entries/${segment(entryId)}/sections/${segment(sectionId)}/review-request`);
}

/** The stream of the bell's count (text/event-stream). */
export const NOTIFICATIONS_STREAM_URL = '/api/notifications/stream';
