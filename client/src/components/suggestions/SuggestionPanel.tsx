import { type DocumentSuggestion, organisationColourOf, readSuggestions, type SuggestionKind } from '@jointly/shared';
import type { Editor } from '@tiptap/core';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { accessibleColour } from '../../collab/organisationColour.ts';
import { type SuggestionAuthor, suggestionKey, useSuggestionAuthors } from '../../collab/suggestionAuthors.ts';

type SuggestionPanelProps = {
  editor: Editor;
  entryId: string;
  sectionId: string;
  sectionTitle: string;
  fragment: Y.XmlFragment;
  /** The signed-in person's user id: a contributor may withdraw their own suggestions. */
  userId: string;
  /** Leads accept or reject anyone's. */
  isLead: boolean;
  /** The text may be written now (an accept or reject is a write). */
  editable: boolean;
};

/** The section's pending suggestions as the shared document holds them, kept current. */
function useSectionSuggestions(fragment: Y.XmlFragment, sectionId: string): DocumentSuggestion[] {
  const read = () => (fragment.doc ? readSuggestions(fragment.doc, [sectionId]) : []);
  const [suggestions, setSuggestions] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` is rebuilt from these two.
  useEffect(() => {
    const update = () => setSuggestions(read());
    update();
    fragment.observeDeep(update);
    return () => fragment.unobserveDeep(update);
  }, [fragment, sectionId]);
  return suggestions;
}

const quoted = (text: string) => {
  const shown = text.replace(/\u200b/g, '').trim();
  return `“${shown.length > 120 ? `${shown.slice(0, 117)}…` : shown}”`;
};

const verb = (kind: SuggestionKind) => (kind === 'insertion' ? 'add' : 'remove');

/**
 * The pending suggestions of one section (issue 14 item 3), each with the
 * name and organisation the server recorded for it (never a name from the
 * document), coloured by that organisation and worded, so colour is never the
 * only cue. Leads accept or reject any, one at a time or all of one person's;
 * a contributor may withdraw their own. Each action is an ordinary write to
 * the shared document, so every page sees it at once.
 */
export function SuggestionPanel({
  editor,
  entryId,
  sectionId,
  sectionTitle,
  fragment,
  userId,
  isLead,
  editable,
}: SuggestionPanelProps) {
  const suggestions = useSectionSuggestions(fragment, sectionId);
  const authors = useSuggestionAuthors(
    entryId,
    suggestions.map((s) => suggestionKey(s.kind, s.id)),
  );
  const [announcement, setAnnouncement] = useState('');
  // The editor lets this person remove only their own proposals (C-SUGGEST-4): tell it which are theirs.
  useEffect(() => {
    // The storage is gone once the editor is destroyed (a role change rebuilds it).
    const storage = editor.isDestroyed ? undefined : editor.storage.suggestChanges;
    if (!storage) return;
    for (const s of suggestions) {
      if (authors.get(suggestionKey(s.kind, s.id))?.userId === userId) storage.ownIds.add(s.id);
    }
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = `suggestions-${sectionId}`;

  // Each suggestion's organisation colour in the text: ids are [A-Za-z0-9_-], safe in a selector.
  const colourRules = suggestions
    .map((s) => {
      const author = authors.get(suggestionKey(s.kind, s.id));
      if (!author) return '';
      const colour = accessibleColour(organisationColourOf(author.organisation.id));
      return `[data-suggestion-id="${s.id}"]{--suggestion-colour:${colour}}`;
    })
    .join('');

  // The live region stays in place whether or not suggestions remain, so the last action is announced.
  const status = (
    <p className="nhsuk-u-visually-hidden" role="status">
      {announcement}
    </p>
  );

  const authorOf = (s: DocumentSuggestion): SuggestionAuthor | undefined => authors.get(suggestionKey(s.kind, s.id));
  const mayAccept = () => isLead && editable;
  const mayReject = (s: DocumentSuggestion) => editable && (isLead || authorOf(s)?.userId === userId);

  const resolve = (targets: DocumentSuggestion[], accept: boolean, said: string) => {
    for (const s of targets) editor.commands.resolveSuggestion(s.kind, s.id, accept);
    setAnnouncement(said);
    // The buttons pressed are gone: keep focus in the panel (or on the text when none remain).
    requestAnimationFrame(() => {
      if (heading.current?.isConnected) heading.current.focus();
      else editor.commands.focus();
    });
  };

  // One person's suggestions together, for "Accept all from …" (leads).
  const people = new Map<string, { author: NonNullable<SuggestionAuthor>; items: DocumentSuggestion[] }>();
  for (const s of suggestions) {
    const author = authorOf(s);
    if (!author) continue;
    const group = people.get(author.userId) ?? { author, items: [] };
    group.items.push(s);
    people.set(author.userId, group);
  }

  return (
    <div className="app-suggestions-wrap">
      {suggestions.length > 0 ? (
        <section className="app-suggestions" aria-labelledby={headingId}>
          <style>{colourRules}</style>
          <h4 className="nhsuk-heading-xs nhsuk-u-margin-bottom-2" id={headingId} ref={heading} tabIndex={-1}>
            Suggestions in “{sectionTitle}” ({suggestions.length})
          </h4>
          <ul className="nhsuk-list app-suggestions__list">
            {suggestions.map((s) => {
              const author = authorOf(s);
              const colour = author ? accessibleColour(organisationColourOf(author.organisation.id)) : '#768692';
              const who = author ? `${author.name} (${author.organisation.name})` : 'Someone (not yet known)';
              const description = `${who} suggests to ${verb(s.kind)} ${quoted(s.text)}`;
              return (
                <li key={`${s.kind}:${s.id}`} className="app-suggestions__item" style={{ borderLeftColor: colour }}>
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                    <strong>{who}</strong> suggests to {s.kind === 'insertion' ? 'add' : 'remove'}{' '}
                    <span className={`app-suggestions__text app-suggestions__text--${s.kind}`}>{quoted(s.text)}</span>
                  </p>
                  <div className="app-suggestions__actions">
                    {mayAccept() ? (
                      <button
                        type="button"
                        className="nhsuk-button nhsuk-button--small nhsuk-u-margin-bottom-0"
                        aria-label={`Accept: ${description}`}
                        onClick={() => resolve([s], true, `Accepted: ${description}`)}
                      >
                        Accept
                      </button>
                    ) : null}
                    {mayReject(s) ? (
                      <button
                        type="button"
                        className="nhsuk-button nhsuk-button--small nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                        aria-label={`${isLead ? 'Reject' : 'Withdraw'}: ${description}`}
                        onClick={() => resolve([s], false, `${isLead ? 'Rejected' : 'Withdrawn'}: ${description}`)}
                      >
                        {isLead ? 'Reject' : 'Withdraw'}
                      </button>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
          {isLead && editable
            ? [...people.values()].map(({ author, items }) => (
                <div key={author.userId} className="app-suggestions__person">
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--small nhsuk-button--secondary nhsuk-u-margin-bottom-1"
                    onClick={() =>
                      resolve(items, true, `Accepted ${items.length} from ${author.name} in “${sectionTitle}”`)
                    }
                  >
                    Accept all from {author.name}
                  </button>{' '}
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--small nhsuk-button--secondary nhsuk-u-margin-bottom-1"
                    onClick={() =>
                      resolve(items, false, `Rejected ${items.length} from ${author.name} in “${sectionTitle}”`)
                    }
                  >
                    Reject all from {author.name}
                  </button>
                </div>
              ))
            : null}
        </section>
      ) : null}
      {status}
    </div>
  );
}
