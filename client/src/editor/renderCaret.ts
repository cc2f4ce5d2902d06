import type { DecorationAttrs } from '@tiptap/pm/view';
import { accessibleColour, fallbackOrganisationColour } from '../collab/organisationColour.ts';

/** The awareness `user` of another person, as CollaborationCaret passes it. */
type CaretUser = Record<string, unknown>;

function caretColour(user: CaretUser): string {
  const organisationId = typeof user.organisationId === 'string' ? user.organisationId : String(user.name ?? '');
  return accessibleColour(user.color, fallbackOrganisationColour(organisationId));
}

/**
 * Another person's caret: a line in their organisation colour with a label
 * "Name · Organisation". Hidden from assistive technology, which would read the
 * label as part of the text; the section's "In this section now" list says
 * the same thing in words.
 */
export function renderCaret(user: CaretUser): HTMLElement {
  const colour = caretColour(user);
  const caret = document.createElement('span');
  caret.className = 'jointly-caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.style.borderColor = colour;
  const label = document.createElement('span');
  label.className = 'jointly-caret__label';
  label.style.backgroundColor = colour;
  const name = typeof user.name === 'string' ? user.name : 'Someone';
  const organisation = typeof user.organisationName === 'string' ? user.organisationName : '';
  label.textContent = organisation ? `${name} · ${organisation}` : name;
  caret.appendChild(label);
  return caret;
}

/** Another person's selection: their colour, faint enough that text on it keeps its contrast. */
export function renderSelection(user: CaretUser): DecorationAttrs {
  return {
    class: 'jointly-caret-selection',
    // 0x26 alpha ≈ 15 %: dark text on it stays above 4.5:1.
    style: `background-color: ${caretColour(user)}26`,
  };
}
