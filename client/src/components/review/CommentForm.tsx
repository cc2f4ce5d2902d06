import { COMMENT_MAX_CHARS, type CommentBody, commentBody } from '@jointly/shared';
import { useState } from 'react';
import { formatNumber } from '../../format/plural.ts';
import { useFormSubmit } from '../../forms/useFormSubmit.ts';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { type MentionOption, MentionTextArea } from './MentionTextArea.tsx';

const FIELDS = ['body', 'mentions'] as const;
type Field = (typeof FIELDS)[number];

export type { MentionOption };

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
  const form = useFormSubmit(FIELDS, commentBody, async (values: { body: string; mentions: string[] }) => {
    const text = values.body.trim();
    await onSubmit(values.mentions.length > 0 ? { body: text, mentions: values.mentions } : { body: text });
    setBody('');
    setMentions([]);
  });
  const { errors } = form;

  return (
    <form
      className="jointly-comment-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit({ body, mentions });
      }}
    >
      <ErrorSummary title={problemTitle} items={form.summary((field) => ids[field])} focusKey={form.attempt} />
      <MentionTextArea
        id={ids.body}
        label={label}
        hint={`Plain text, at most ${formatNumber(COMMENT_MAX_CHARS)} characters.${
          mentionOptions.length > 0 ? ' Type @ to mention someone.' : ''
        }`}
        value={body}
        onChange={setBody}
        error={errors.fields.body}
        rows={3}
        autoFocus={autoFocus}
        options={mentionOptions}
        // The same mention the boxes below make: the server emails them (mentionEmails.ts).
        onMention={(option) =>
          setMentions((current) => (current.includes(option.userId) ? current : [...current, option.userId]))
        }
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
        <button type="submit" className="nhsuk-button nhsuk-button--small" aria-disabled={form.submitting}>
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
