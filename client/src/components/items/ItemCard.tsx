import {
  type ConsentProblem,
  describeOrigin,
  EVIDENCE_KIND_LABELS,
  type Evidence,
  type ItemProvenanceDto,
  type ProvenanceEventDto,
  TESTIMONIAL_KIND_LABELS,
  type Testimonial,
} from '@jointly/shared';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime } from '../../format/formatDate.ts';

export type ItemView = { collection: 'testimonials'; item: Testimonial } | { collection: 'evidence'; item: Evidence };

/** Element ids of an item's card, for focus after adding and for links. */
export function itemIds(itemId: string) {
  return { card: `item-${itemId}`, heading: `item-${itemId}-title` };
}

/** How an item is named in lists, buttons and the cite form. */
export function itemTitle(view: ItemView): string {
  if (view.collection === 'evidence') return view.item.title || 'Untitled evidence';
  const { personName, quote, anonymise } = view.item;
  if (personName && !anonymise) return personName;
  const words = quote.split(/\s+/).filter(Boolean);
  if (words.length === 0) return 'Untitled testimonial';
  return `“${words.slice(0, 6).join(' ')}${words.length > 6 ? '…' : ''}”`;
}

const COLLECTION_NOUN = { testimonials: 'testimonial', evidence: 'evidence' } as const;

function actorText(event: ProvenanceEventDto): string {
  return `${event.actor.name} (${event.actor.organisation.name})`;
}

/** Everyone who changed the item after its creation, once each, with their latest change. */
function changers(provenance: ItemProvenanceDto): ProvenanceEventDto[] {
  const latest = new Map<string, ProvenanceEventDto>();
  for (const change of provenance.changes) latest.set(change.actor.userId, change);
  return [...latest.values()];
}

type ItemCardProps = {
  view: ItemView;
  /** The server's record of the item; null until it has one. */
  provenance: ItemProvenanceDto | null;
  /** Whether provenance has loaded at all (otherwise "who" is not known yet). */
  provenanceLoaded: boolean;
  sectionTitles: Map<string, string>;
  cited: boolean;
  consentProblems: ConsentProblem[];
  /** Other problems to flag, in words (e.g. evidence dated outside the category's window). */
  otherFlags?: readonly string[];
  /** The item's attached files (evidence) or signed consent forms (testimonial), with their controls. */
  attachments?: ReactNode;
  editable: boolean;
  /** Reuse (issue 17 item 3): "Put in our library", when the person may offer it. */
  libraryAction?: ReactNode;
  onEdit: () => void;
  onRemove: () => void;
  onAnonymise: () => void;
};

/** One testimonial or piece of evidence: its exhibit label, content, flags, who added and changed it, and actions. */
export function ItemCard({
  view,
  provenance,
  provenanceLoaded,
  sectionTitles,
  cited,
  consentProblems,
  otherFlags = [],
  attachments = null,
  editable,
  libraryAction = null,
  onEdit,
  onRemove,
  onAnonymise,
}: ItemCardProps) {
  const ids = itemIds(view.item.id);
  const title = itemTitle(view);
  const noun = COLLECTION_NOUN[view.collection];
  const label = provenance?.label ? provenance.label : null;
  const linked = view.item.sectionIds.map((id) => sectionTitles.get(id)).filter((t): t is string => Boolean(t));
  const flags = [
    ...(cited ? [] : ['Not cited in any section’s text']),
    ...consentProblems.map((problem) => problem.message),
    ...otherFlags,
  ];
  const testimonial = view.collection === 'testimonials' ? view.item : null;

  return (
    <li className={`jointly-item${flags.length > 0 ? ' jointly-item--flagged' : ''}`} id={ids.card}>
      <h4 className="nhsuk-heading-xs jointly-item__title" id={ids.heading} tabIndex={-1}>
        {label ?? 'Label pending'}: {title}
      </h4>
      {testimonial ? (
        <>
          {testimonial.quote ? <blockquote className="jointly-item__quote">{testimonial.quote}</blockquote> : null}
          <p className="nhsuk-body-s jointly-item__meta">
            {TESTIMONIAL_KIND_LABELS[testimonial.kind]}
            {testimonial.personName ? `: ${testimonial.personName}` : ''}
            {testimonial.personRole ? `, ${testimonial.personRole}` : ''}
            {testimonial.personOrganisation ? `, ${testimonial.personOrganisation}` : ''}
            {testimonial.date ? ` (${formatDate(testimonial.date)})` : ''}
            {testimonial.anonymise ? (
              <>
                {' '}
                <strong className="nhsuk-tag nhsuk-tag--grey">Anonymised</strong>
              </>
            ) : null}
          </p>
        </>
      ) : view.collection === 'evidence' ? (
        <p className="nhsuk-body-s jointly-item__meta">
          {EVIDENCE_KIND_LABELS[view.item.kind]}
          {view.item.baseline ? `. Baseline: ${view.item.baseline}` : ''}
          {view.item.result ? `. Result: ${view.item.result}` : ''}
          {view.item.period ? `. Period: ${view.item.period}` : ''}
          {view.item.source ? `. Source: ${view.item.source}` : ''}
          {view.item.date ? ` (${formatDate(view.item.date)})` : ''}
        </p>
      ) : null}
      {attachments}
      <p className="nhsuk-body-s jointly-item__meta">
        {linked.length > 0 ? `Supports: ${linked.join(', ')}` : 'Not linked to a section'}
      </p>
      {flags.length > 0 ? (
        <div className="jointly-item__flags">
          <p className="nhsuk-body-s jointly-item__flags-title">
            <strong>
              <span className="nhsuk-u-visually-hidden">Warning: </span>Needs attention
            </strong>
          </p>
          <ul className="nhsuk-list nhsuk-list--bullet nhsuk-body-s">
            {flags.map((flag) => (
              <li key={flag}>{flag}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ul className="nhsuk-list nhsuk-body-s jointly-item__provenance" aria-label={`History of ${noun}: ${title}`}>
        {provenance?.origin ? <li>{describeOrigin(provenance.origin)}</li> : null}
        {provenance?.created ? (
          <li>
            Added by {actorText(provenance.created)}, {formatDateTime(provenance.created.at)}
          </li>
        ) : (
          <li className="jointly-muted">
            {provenanceLoaded ? 'Who added it: not recorded yet' : 'Loading who added it…'}
          </li>
        )}
        {provenance
          ? changers(provenance).map((change) => (
              <li key={change.actor.userId}>
                Changed by {actorText(change)}, last {formatDateTime(change.at)}
              </li>
            ))
          : null}
      </ul>
      {libraryAction ? <div className="jointly-button-row">{libraryAction}</div> : null}
      {editable ? (
        <div className="jointly-button-row">
          <button type="button" className="nhsuk-button nhsuk-button--small nhsuk-button--secondary" onClick={onEdit}>
            Change
            <span className="nhsuk-u-visually-hidden">
              {' '}
              {noun}: {title}
            </span>
          </button>
          {testimonial && !testimonial.anonymise && consentProblems.length > 0 ? (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
              onClick={onAnonymise}
            >
              Anonymise
              <span className="nhsuk-u-visually-hidden">
                {' '}
                {noun}: {title}
              </span>
            </button>
          ) : null}
          <button type="button" className="nhsuk-button nhsuk-button--small nhsuk-button--warning" onClick={onRemove}>
            Remove
            <span className="nhsuk-u-visually-hidden">
              {' '}
              {noun}: {title}
            </span>
          </button>
        </div>
      ) : null}
    </li>
  );
}
