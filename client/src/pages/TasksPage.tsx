import { type NotificationDto, notificationSentence, type TaskDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { listNotifications, listTasks, markNotificationsRead } from '../api/notificationsApi.ts';
import { InlineError } from '../components/layout/InlineError.tsx';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { type UnreadStore, unreadStore } from '../components/notifications/unreadStore.ts';
import { useUnreadCount } from '../components/notifications/useUnreadCount.ts';
import { formatCalendarDate, formatDateTime } from '../format/formatDate.ts';
import { useLoad } from '../hooks/useLoad.ts';

/** What a computed task says, in words. */
function taskText(task: TaskDto): string {
  switch (task.kind) {
    case 'assignment_due':
      return `“${task.section.title}” in “${task.entry.title}” is ${task.state === 'overdue' ? 'overdue' : 'due'}: ${formatCalendarDate(task.dueDate)}`;
    case 'review_requested':
      return `${task.requestedBy.name} (${task.requestedBy.organisation.name}) asked you to review “${task.section.title}” in “${task.entry.title}”`;
    case 'endorsement_needed':
      return `“${task.entry.title}” is waiting for ${task.organisation.name}’s endorsement`;
    case 'members_to_confirm':
      return `${task.count} ${task.count === 1 ? 'person is' : 'people are'} waiting for you to confirm them as members of ${task.organisation.name}`;
  }
}

const taskKey = (task: TaskDto) =>
  task.kind === 'members_to_confirm'
    ? `${task.kind}:${task.organisation.id}`
    : `${task.kind}:${task.entry.id}:${'section' in task ? task.section.id : task.organisation.id}`;

/**
 * `/tasks`, "My tasks" (issue 14 items 5 and 6): what waits for the person
 * across their entries (due and overdue sections, reviews asked of them,
 * endorsements) and their notifications, newest first, each linking to its
 * place. Read again whenever the bell's count changes (pushed by the server).
 */
export function TasksPage({ store = unreadStore }: { store?: UnreadStore }) {
  const tasks = useLoad(() => listTasks(), []);
  const notifications = useLoad(() => listNotifications(), []);
  const unread = useUnreadCount(store);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { reload: reloadNotifications } = notifications;
  const { reload: reloadTasks } = tasks;

  // A change of the count (a new notification, one read in another tab) means the lists changed too.
  const seen = useRef(unread);
  useEffect(() => {
    if (seen.current === unread) return;
    seen.current = unread;
    void reloadNotifications().catch(() => undefined);
    void reloadTasks().catch(() => undefined);
  }, [unread, reloadNotifications, reloadTasks]);

  const markRead = async (which: { ids: string[] } | { all: true }, done: string) => {
    setProblem(null);
    try {
      const { unread: left } = await markNotificationsRead(which);
      store.set(left);
      await reloadNotifications();
      setAnnouncement(done);
      if ('all' in which) heading.current?.focus();
    } catch (error) {
      setProblem(problemText(error));
    }
  };

  const list = notifications.data?.notifications ?? [];
  const unreadCount = list.filter((n) => n.readAt === null).length;

  return (
    <>
      <PageHeading>My tasks</PageHeading>
      <p className="nhsuk-body">
        What is waiting for you across your entries.{' '}
        <Link to="/settings/notifications">Choose which e-mails you get</Link>.
      </p>
      <h2 className="nhsuk-heading-m">To do</h2>
      {tasks.status === 'loading' ? <LoadingMessage>Loading your tasks…</LoadingMessage> : null}
      {tasks.status === 'error' ? (
        <ProblemMessage title="Your tasks could not be loaded">{problemText(tasks.error)}</ProblemMessage>
      ) : null}
      {tasks.status === 'ok' && tasks.data.tasks.length === 0 ? (
        <p className="nhsuk-body">Nothing is due, waiting for your review or for your organisation’s endorsement.</p>
      ) : null}
      {tasks.status === 'ok' && tasks.data.tasks.length > 0 ? (
        <ul className="nhsuk-list jointly-tasks" aria-label="To do">
          {tasks.data.tasks.map((task) => (
            <li key={taskKey(task)} className="jointly-tasks__item">
              {task.kind === 'assignment_due' ? (
                <strong className={`nhsuk-tag ${task.state === 'overdue' ? 'nhsuk-tag--red' : 'nhsuk-tag--yellow'}`}>
                  {task.state === 'overdue' ? 'Overdue' : 'Due'}
                </strong>
              ) : null}{' '}
              <Link to={task.href}>{taskText(task)}</Link>
            </li>
          ))}
        </ul>
      ) : null}

      <h2 className="nhsuk-heading-m" tabIndex={-1} ref={heading}>
        Notifications
      </h2>
      {problem ? <InlineError>{problem}</InlineError> : null}
      {notifications.status === 'loading' ? <LoadingMessage>Loading your notifications…</LoadingMessage> : null}
      {notifications.status === 'error' ? (
        <ProblemMessage title="Your notifications could not be loaded">
          {problemText(notifications.error)}
        </ProblemMessage>
      ) : null}
      {notifications.status === 'ok' && list.length === 0 ? <p className="nhsuk-body">No notifications yet.</p> : null}
      {unreadCount > 0 ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => void markRead({ all: true }, 'All notifications marked as read.')}
        >
          Mark all as read
        </button>
      ) : null}
      {list.length > 0 ? (
        <ul className="nhsuk-list jointly-notifications" aria-label="Notifications">
          {list.map((n) => (
            <NotificationItem
              key={n.id}
              notification={n}
              onRead={() => void markRead({ ids: [n.id] }, 'Notification marked as read.')}
            />
          ))}
        </ul>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
    </>
  );
}

function NotificationItem({ notification: n, onRead }: { notification: NotificationDto; onRead: () => void }) {
  const text = notificationSentence({
    kind: n.kind,
    actorName: `${n.actor.name} (${n.actor.organisation.name})`,
    sectionTitle: n.section?.title ?? null,
    entryTitle: n.entry.title,
  });
  const unread = n.readAt === null;
  return (
    <li className={`jointly-notifications__item${unread ? ' jointly-notifications__item--unread' : ''}`}>
      {unread ? <strong className="nhsuk-tag nhsuk-tag--blue jointly-notifications__new">New</strong> : null}{' '}
      <Link to={n.href}>{text}</Link>{' '}
      <span className="nhsuk-body-s jointly-notifications__when">{formatDateTime(n.createdAt)}</span>
      {unread ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small jointly-notifications__read"
          onClick={onRead}
        >
          Mark as read<span className="nhsuk-u-visually-hidden">: {text}</span>
        </button>
      ) : null}
    </li>
  );
}
