import { type ActivityDto, type ActorDto, OUTCOME_STAGE_LABELS, type OutcomeStage, type Role } from '@jointly/shared';
import { formatCalendarDate } from './formatDate.ts';
import { ROLE_LABELS } from './roleLabels.ts';

const who = (actor: ActorDto | null) => (actor ? `${actor.name} (${actor.organisation.name})` : 'Jointly');

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value !== '' ? value : fallback);

const roleName = (value: unknown) =>
  typeof value === 'string' && value in ROLE_LABELS ? ROLE_LABELS[value as Role].toLowerCase() : 'member';

const sectionName = (detail: Record<string, unknown>) =>
  `'${text(detail.sectionTitle, text(detail.sectionId, 'a section'))}'`;

/** "evidence E3", "testimonial E4", or "a testimonial" before its label is known. */
function itemName(detail: Record<string, unknown>): string {
  const kind = detail.collection === 'evidence' ? 'evidence' : 'testimonial';
  if (typeof detail.label === 'string' && detail.label !== '') return `${kind} ${detail.label}`;
  return kind === 'evidence' ? 'some evidence' : 'a testimonial';
}

/** "A", "A and B", "A, B and C". */
function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function assigneeNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((person: unknown) =>
    text(typeof person === 'object' && person !== null ? (person as { name?: unknown }).name : null, 'a member'),
  );
}

/** One line of the activity feed as a sentence: "Priya Shah (Leeds Teaching Hospitals NHS Trust) approved 'Context and evolution'". */
export function activitySentence(activity: ActivityDto): string {
  const actor = who(activity.actor);
  const detail = activity.detail;
  switch (activity.kind) {
    case 'entry_created':
      return `${actor} created the entry`;
    case 'member_invited':
      return `${actor} invited ${text(detail.email, 'someone')} as ${roleName(detail.role)}`;
    case 'member_joined':
      return `${actor} joined as ${roleName(detail.role)}`;
    case 'member_role_changed':
      return `${actor} changed ${text(detail.name, 'a member')}’s role from ${roleName(detail.from)} to ${roleName(detail.to)}`;
    case 'member_removed':
      return `${actor} removed ${text(detail.name, 'a member')} from the entry`;
    case 'section_approved':
      return `${actor} approved '${text(detail.sectionTitle, text(detail.sectionId, 'a section'))}'`;
    case 'entry_endorsed':
      return activity.actor
        ? `${activity.actor.name} endorsed the entry for ${activity.actor.organisation.name}`
        : 'The entry was endorsed';
    case 'entry_submitted':
      return typeof detail.version === 'number'
        ? `${actor} submitted the entry (version ${detail.version})`
        : `${actor} submitted the entry`;
    case 'entry_reopened':
      return `${actor} reopened the entry for editing`;
    case 'section_assigned': {
      const names = assigneeNames(detail.assignees);
      if (names.length === 0) return `${actor} cleared the assignment of ${sectionName(detail)}`;
      const due = typeof detail.dueDate === 'string' ? `, due ${formatCalendarDate(detail.dueDate)}` : '';
      return `${actor} assigned ${sectionName(detail)} to ${listNames(names)}${due}`;
    }
    case 'comment_added':
      return detail.reply === true
        ? `${actor} replied to a comment on ${sectionName(detail)}`
        : `${actor} commented on ${sectionName(detail)}`;
    case 'comment_resolved':
      return `${actor} resolved a comment thread on ${sectionName(detail)}`;
    case 'comment_unresolved':
      return `${actor} reopened a comment thread on ${sectionName(detail)}`;
    case 'item_added':
      return `${actor} added ${itemName(detail)}`;
    case 'item_removed':
      return `${actor} removed ${itemName(detail)}`;
    case 'file_uploaded':
      return `${actor} uploaded ${typeof detail.name === 'string' && detail.name !== '' ? `'${detail.name}'` : 'a file'}`;
    case 'entry_settings_changed':
      return detail.viewersMaySuggest === true
        ? `${actor} allowed viewers to suggest changes`
        : `${actor} stopped viewers suggesting changes`;
    case 'outcome_recorded': {
      const stage = typeof detail.stage === 'string' && detail.stage in OUTCOME_STAGE_LABELS ? detail.stage : null;
      return stage
        ? `${actor} recorded the outcome: ${OUTCOME_STAGE_LABELS[stage as OutcomeStage].toLowerCase()}`
        : `${actor} recorded the outcome`;
    }
    case 'publication_changed':
      return detail.notForPublication === true
        ? `${actor} marked the entry not for publication`
        : `${actor} cleared 'not for publication'`;
    case 'consent_recorded':
      return `${actor} recorded consent from ${text(detail.personName, 'a person')}`;
    case 'consent_withdrawn':
      return `${actor} withdrew the consent of ${text(detail.personName, 'a person')}: the entry cannot be submitted with that testimonial`;
    case 'personal_data_erased':
      return detail.kind === 'retention'
        ? `The retention period ended: a person’s data was erased from testimonial ${text(detail.label, 'an exhibit')}`
        : `${actor} erased a person’s data from testimonial ${text(detail.label, 'an exhibit')}`;
    default:
      return `${actor} changed the entry`;
  }
}
