import { COMMENT_MAX_CHARS, type CommentBody, commentBody } from '@jointly/shared';
import { useState } from 'react';
import { formatNumber } from '../../format/plural.ts';
import {
  errorsFromFailure,
  type FormErrors,
  hasErrors,
  noErrors,
  summaryItems,
  validateWith,
} from '../../forms/formErrors.ts';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextAreaField } from '../fields/TextAreaField.tsx';

const FIELDS = ['body', 'mentions'] as const;
type Field = (typeof FIELDS)[number];

export type MentionOption = { userId: string; label: string };

type CommentFormProps = {
  /** Prefix of the form's element ids (unique on the page). */
  id: string;
  /** The text box's label: "Comment" for a new thread, "Your reply" for a reply. */
  label: string;
  submitLabel: string;
  /** Title of the error summary, e.g. "The comment could not be added". */
  problemTitle: string;
  /** Members who may be mentioned (the author is left out). */
  mentionOptions: MentionOption[];
  /** Sends the comment; a rejection (400 with issues, 409, network) is shown in the error summary. */
  onSubmit: (body: CommentBody) => Promise<void>;
  onCancel?: () => void;
  autoFocus?: boolean;
};

/**
 * A comment or reply: a plain-text "Comment" box and a "Mention" checkbox per
 * member. Checked with the server's own schema before sending (empty, longer
 * than COMMENT_MAX_CHARS); the server's 400 messages show the same way, in an
 * error summary that takes focus and links to the field.
 */
export function CommentForm({
  id,
  label,
  submitLabel,
  problemTitle,
  mentionOptions,
  onSubmit,
  onCancel,
  autoFocus,
}: CommentFormProps) {
  const ids: Record<Field, string> = { body: `${id}-body`, mentions: `${id}-mentions` };
  const [body, setBody] = useState('');
  const [mentions, setMentions] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors());
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    const values = { body, mentions };
    const invalid = validateWith(commentBody, values, FIELDS);
    if (hasErrors(invalid)) {
      setErrors(invalid);
      setFocusKey((k) => k + 1);
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      await onSubmit(mentions.length > 0 ? { body: body.trim(), mentions } : { body: body.trim() });
      setBody('');
      setMentions([]);
    } catch (error) {
      setErrors(errorsFromFailure(error, FIELDS));
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="jointly-comment-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) void send();
      }}
    >
      <ErrorSummary
        title={problemTitle}
        items={summaryItems(errors, FIELDS, (field) => ids[field])}
        focusKey={focusKey}
      />
      <TextAreaField
        id={ids.body}
        label={label}
        hint={`Plain text, at most ${formatNumber(COMMENT_MAX_CHARS)} characters.`}
        value={body}
        onChange={setBody}
        error={errors.fields.body}
        rows={3}
        autoFocus={autoFocus}
      />
      {mentionOptions.length > 0 ? (
        <CheckboxGroup
          id={ids.mentions}
          legend="Mention"
          hint="People you mention get an email with a link to this section."
          options={mentionOptions.map((option) => ({ value: option.userId, label: option.label }))}
          values={mentions}
          onChange={setMentions}
          error={errors.fields.mentions}
        />
      ) : null}
      <div className="nhsuk-button-group jointly-comment-form__actions">
        <button type="submit" className="nhsuk-button nhsuk-button--small" aria-disabled={busy}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
