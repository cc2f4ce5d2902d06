import type { ShortFieldRule } from '@jointly/shared';
import type * as Y from 'yjs';
import { ShortFieldInput } from './ShortFieldInput.tsx';

type AboutTheEntryCardProps = {
  entryId: string;
  doc: Y.Doc | null;
  fields: readonly ShortFieldRule[];
  editable: boolean;
};

/**
 * "About the entry" (issue 17 item 1): the award's short fields at the top of
 * the entry page, one labelled input each, written together like the sections.
 * Nothing shows for a category that declares none.
 */
export function AboutTheEntryCard({ entryId, doc, fields, editable }: AboutTheEntryCardProps) {
  if (fields.length === 0) return null;
  const headingId = `about-entry-heading-${entryId}`;
  return (
    <section className="nhsuk-card jointly-about-entry" aria-labelledby={headingId}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id={headingId}>
          About the entry
        </h2>
        {fields.map((field) => (
          <ShortFieldInput key={field.id} doc={doc} field={field} editable={editable} />
        ))}
      </div>
    </section>
  );
}
