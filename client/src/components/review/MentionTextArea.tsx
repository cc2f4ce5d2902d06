import type { MemberDto } from '@jointly/shared';
import { type KeyboardEvent, useId, useState } from 'react';
import { TextAreaField } from '../fields/TextAreaField.tsx';

/** A member who may be mentioned: `label` is listed ("Zoe Smith (Supplier Ltd)"), `name` written after the "@" (else the label). */
export type MentionOption = { userId: string; label: string; name?: string };

const nameOf = (option: MentionOption) => option.name ?? option.label;

/** The entry's members one may mention: everyone but oneself, listed with their organisation. */
export function mentionOptionsOf(members: MemberDto[], meUserId: string): MentionOption[] {
  return members
    .filter((member) => member.userId !== meUserId)
    .map((member) => ({
      userId: member.userId,
      name: member.name,
      label: `${member.name} (${member.organisation.name})`,
    }));
}

/** Most members the picker lists at once; typing more of the name narrows it. */
export const MENTION_PICKER_MAX = 8;
/** An "@" further back than this many characters is not being typed now. */
const QUERY_MAX_CHARS = 40;

type Picker = { at: number; caret: number; query: string };

/** The "@name" being typed just before the caret, if any: an "@" at the start or after a space, on this line. */
export function mentionQueryAt(text: string, caret: number): Picker | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || caret - at - 1 > QUERY_MAX_CHARS) return null;
  if (at > 0 && !/\s/.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  if (/[\n@]/.test(query) || query.startsWith(' ')) return null;
  return { at, caret, query };
}

/** Members whose name or organisation contains `query` (any case), names starting with it first. */
export function matchingMembers(options: MentionOption[], query: string): MentionOption[] {
  const wanted = query.trim().toLocaleLowerCase('en-GB');
  const matches = options.filter((option) => option.label.toLocaleLowerCase('en-GB').includes(wanted));
  const starts = (option: MentionOption) => nameOf(option).toLocaleLowerCase('en-GB').startsWith(wanted);
  return [...matches.filter(starts), ...matches.filter((option) => !starts(option))].slice(0, MENTION_PICKER_MAX);
}

type MentionTextAreaProps = {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  rows?: number;
  autoFocus?: boolean | undefined;
  /** Members who may be mentioned. */
  options: MentionOption[];
  /** A member was chosen: the form adds them to the comment's mentions. */
  onMention: (option: MentionOption) => void;
};

/**
 * A comment's text box where typing "@" opens a list of the entry's members
 * (issue 14 item 2), filtered by what follows the "@". The text box keeps its
 * textbox role and points at the list with aria-controls and
 * aria-activedescendant (the pattern ARIA allows on a textarea): Up and Down
 * move through the list, Enter or Tab chooses, Escape closes it; a status
 * line says how many match. Choosing writes "@Name " into the text and
 * mentions that member, as the "Mention" boxes do.
 */
export function MentionTextArea({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  rows = 3,
  autoFocus,
  options,
  onMention,
}: MentionTextAreaProps) {
  const listId = useId();
  const [picker, setPicker] = useState<Picker | null>(null);
  const [active, setActive] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const matches = picker ? matchingMembers(options, picker.query) : [];
  const open = picker !== null && options.length > 0;
  /** The list is in the page only while it has members in it (an empty listbox is not allowed). */
  const listed = open && matches.length > 0;
  const optionId = (index: number) => `${listId}-option-${index}`;

  const follow = (element: HTMLTextAreaElement) => {
    const next = mentionQueryAt(element.value, element.selectionStart);
    setPicker(next);
    if (next && (!picker || next.at !== picker.at || next.query !== picker.query)) setActive(0);
  };

  const choose = (option: MentionOption) => {
    if (!picker) return;
    const inserted = `@${nameOf(option)} `;
    const text = value.slice(0, picker.at) + inserted + value.slice(picker.caret);
    onChange(text);
    onMention(option);
    setPicker(null);
    setAnnouncement(`${nameOf(option)} mentioned.`);
    const caret = picker.at + inserted.length;
    // After React wrote the new value: put the caret after the name.
    requestAnimationFrame(() => {
      const element = document.getElementById(id) as HTMLTextAreaElement | null;
      element?.setSelectionRange(caret, caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (event.key === 'Escape') {
      setPicker(null);
      setAnnouncement('Member list closed.');
    } else if (event.key === 'ArrowDown' && matches.length > 0) {
      setActive((index) => (index + 1) % matches.length);
    } else if (event.key === 'ArrowUp' && matches.length > 0) {
      setActive((index) => (index - 1 + matches.length) % matches.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && matches.length > 0 && !event.shiftKey) {
      choose(matches[Math.min(active, matches.length - 1)]!);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const status = open
    ? matches.length === 0
      ? 'No member matches.'
      : `${matches.length} ${matches.length === 1 ? 'member matches' : 'members match'}. Up and down to choose, Enter to mention, Escape to close.`
    : announcement;

  return (
    <div className="jointly-mention">
      <TextAreaField
        id={id}
        label={label}
        hint={hint}
        value={value}
        onChange={onChange}
        error={error}
        rows={rows}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={listed ? listId : undefined}
        aria-activedescendant={listed ? optionId(Math.min(active, matches.length - 1)) : undefined}
        onInput={(event) => follow(event.currentTarget)}
        onClick={(event) => follow(event.currentTarget)}
        onKeyUp={(event) => {
          if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End') {
            follow(event.currentTarget);
          }
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setPicker(null)}
      />
      {listed ? (
        <div className="jointly-mention__list" id={listId} role="listbox" aria-label="Members to mention">
          {matches.map((option, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the list is operated by keyboard from the text box (aria-activedescendant).
            <div
              key={option.userId}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === Math.min(active, matches.length - 1)}
              className="jointly-mention__option"
              // Keep focus in the text box: the list is operated from there.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(option)}
            >
              {option.label}
            </div>
          ))}
        </div>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {status}
      </p>
    </div>
  );
}
