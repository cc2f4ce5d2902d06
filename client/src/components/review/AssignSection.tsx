import {
  can,
  type MemberDto,
  type SavedSectionAssignmentDto,
  type SectionAssignmentBody,
  type SectionDto,
  sectionAssignmentBody,
} from '@jointly/shared';
import { useId, useRef, useState } from 'react';
import { assignSection } from '../../api/apiClient.ts';
import { formatCalendarDate } from '../../format/formatDate.ts';
import { useFormSubmit } from '../../forms/useFormSubmit.ts';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';

/** Today's calendar date in UTC, the clock the server judges "overdue" by. */
const utcToday = () => new Date().toISOString().slice(0, 10);

/** What the lead is told after saving an assignment the server warned about (issue 11 item 14). */
function warningText(saved: SavedSectionAssignmentDto, sectionTitle: string): string {
  if (!saved.warnings.includes('due_date_in_past') || saved.dueDate === null) return '';
  return `The due date, ${formatCalendarDate(saved.dueDate)}, is in the past, so “${sectionTitle}” shows as overdue. Open “Assign” again to change it.`;
}

const FIELDS = ['assigneeUserIds', 'dueDate'] as const;

type AssignSectionProps = {
  entryId: string;
  section: SectionDto;
  members: MemberDto[];
  /** After a saved assignment: the page reads the entry again (the card shows the new assignment). */
  onAssigned: () => Promise<void> | void;
};

/**
 * A lead's "Assign <section title>": a disclosure button that opens a form of
 * members as checkboxes, a "Due date" and "Save assignment". Problems (the
 * form's own checks, the server's 400 messages) go to an error summary that
 * takes focus; a saved assignment is announced and focus returns to the button.
 */
export function AssignSection({ entryId, section, members, onAssigned }: AssignSectionProps) {
  const baseId = useId().replace(/:/g, '');
  const formId = `assign-${section.id}-form`;
  const ids = {
    assigneeUserIds: `assign-${section.id}-${baseId}-people`,
    dueDate: `assign-${section.id}-${baseId}-due`,
  };
  const current = section.assignment;
  const [open, setOpen] = useState(false);
  const [people, setPeople] = useState<string[]>([]);
  const [dueDate, setDueDate] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [warning, setWarning] = useState('');
  const toggle = useRef<HTMLButtonElement>(null);
  // An assignment asks someone to write, so only members who can write are offered (the server
  // refuses a viewer with 409 assignee_cannot_write); the hint says why viewers are missing.
  const writers = members.filter((member) => can(member.role, 'edit'));
  const viewersLeftOut = writers.length < members.length;
  const dueDateInPast = dueDate !== '' && dueDate < utcToday();

  const form = useFormSubmit(FIELDS, sectionAssignmentBody, async (body: SectionAssignmentBody) => {
    const saved = await assignSection(entryId, section.id, body);
    await onAssigned();
    setOpen(false);
    const warned = warningText(saved, section.title);
    setWarning(warned);
    setAnnouncement(
      saved.assignees.length === 0
        ? `“${section.title}” is no longer assigned to anyone.`
        : `“${section.title}” assigned to ${saved.assignees.map((p) => p.name).join(', ')}${
            saved.dueDate ? `, due ${formatCalendarDate(saved.dueDate)}` : ''
          }.`,
    );
    toggle.current?.focus();
  });
  const { errors } = form;

  const openForm = () => {
    // Start from what the section has now (members only: a former member cannot be kept).
    setPeople((current?.assignees ?? []).map((p) => p.userId).filter((id) => members.some((m) => m.userId === id)));
    setDueDate(current?.dueDate ?? '');
    form.clear();
    setAnnouncement('');
    setWarning('');
    setOpen(true);
  };

  return (
    <div className="jointly-assign">
      <button
        type="button"
        ref={toggle}
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small jointly-assign__toggle"
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={() => (open ? setOpen(false) : openForm())}
      >
        Assign<span className="nhsuk-u-visually-hidden"> {section.title}</span>
      </button>
      {open ? (
        <form
          id={formId}
          className="jointly-assign__form"
          noValidate
          aria-label={`Assign ${section.title}`}
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit({ assigneeUserIds: people, dueDate: dueDate === '' ? null : dueDate });
          }}
        >
          <ErrorSummary
            title="The assignment could not be saved"
            items={form.summary((field) => ids[field])}
            focusKey={form.attempt}
          />
          <CheckboxGroup
            id={ids.assigneeUserIds}
            legend="Assign to"
            hint={`Leave every box clear to remove the assignment.${
              viewersLeftOut
                ? ' Viewers are not listed: they cannot write. Make someone a contributor to assign them.'
                : ''
            }`}
            options={writers.map((member) => ({
              value: member.userId,
              label: `${member.name} (${member.organisation.name})`,
            }))}
            values={people}
            onChange={setPeople}
            error={errors.fields.assigneeUserIds}
          />
          <div className={`nhsuk-form-group${errors.fields.dueDate ? ' nhsuk-form-group--error' : ''}`}>
            <label className="nhsuk-label" htmlFor={ids.dueDate}>
              Due date
            </label>
            <div className="nhsuk-hint" id={`${ids.dueDate}-hint`}>
              Optional. For example, 2026-03-14.
            </div>
            {dueDateInPast && !errors.fields.dueDate ? (
              <p className="nhsuk-body-s jointly-assign__warning" id={`${ids.dueDate}-warning`}>
                <strong>Warning:</strong> this date is in the past. You can save it, but the section will show as
                overdue.
              </p>
            ) : null}
            {errors.fields.dueDate ? (
              <span className="nhsuk-error-message" id={`${ids.dueDate}-error`}>
                <span className="nhsuk-u-visually-hidden">Error:</span> {errors.fields.dueDate}
              </span>
            ) : null}
            <input
              className={`nhsuk-input nhsuk-input--width-10${errors.fields.dueDate ? ' nhsuk-input--error' : ''}`}
              id={ids.dueDate}
              name="dueDate"
              type="date"
              value={dueDate}
              onChange={(event) => setDueDate(event.target.value)}
              aria-describedby={[
                `${ids.dueDate}-hint`,
                dueDateInPast && !errors.fields.dueDate ? `${ids.dueDate}-warning` : '',
                errors.fields.dueDate ? `${ids.dueDate}-error` : '',
              ]
                .filter(Boolean)
                .join(' ')}
              aria-invalid={errors.fields.dueDate ? true : undefined}
            />
          </div>
          <button type="submit" className="nhsuk-button nhsuk-button--small" aria-disabled={form.submitting}>
            Save assignment
          </button>
        </form>
      ) : null}
      <div role="status">
        <span className="nhsuk-u-visually-hidden">{announcement}</span>
        {/* Shown, not only announced: the lead may have looked away before the save came back. */}
        {warning ? (
          <p className="nhsuk-body-s jointly-assign__warning">
            <strong>Warning:</strong> {warning}
          </p>
        ) : null}
      </div>
    </div>
  );
}
