import {
  ORGANISATION_KIND_LABELS,
  ORGANISATION_SEARCH_MIN_CHARS,
  type OrganisationSearchResultDto,
} from '@jointly/shared';
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { searchOrganisations } from '../../api/organisationsApi.ts';
import { FieldShell } from '../fields/FieldShell.tsx';
import '../../styles/organisations.css';

/** How long typing pauses before the search is asked (ms). */
export const PICKER_SEARCH_DELAY_MS = 250;

/** Names are one organisation whatever the case and spacing (the server's name key). */
export const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

type PickerProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  /** The text in the box: a new organisation's name, or the picked one's. */
  text: string;
  onTextChange: (text: string) => void;
  /** The organisation picked from the list, or null (the text names a new one). */
  picked: OrganisationSearchResultDto | null;
  onPick: (organisation: OrganisationSearchResultDto | null) => void;
};

type Option = { kind: 'existing'; organisation: OrganisationSearchResultDto } | { kind: 'new'; name: string };

const describe = (o: OrganisationSearchResultDto) =>
  `${ORGANISATION_KIND_LABELS[o.kind]}${o.odsCode ? `, ODS code ${o.odsCode}` : ''}`;

/**
 * The sign-up's organisation (issue 15): the ARIA 1.2 combobox pattern with a list. Typing
 * searches existing organisations; Down and Up move through them, Enter picks one, Escape closes
 * the list; the last option creates a new organisation of the typed name instead. The list lies
 * over what follows the box, so closing it (leaving the box) moves nothing under the pointer; each
 * option is announced with its kind, and a status line says how many were found. Picking one fills
 * the box with its name; typing again unpicks it.
 */
export function OrganisationPicker({ id, label, hint, error, text, onTextChange, picked, onPick }: PickerProps) {
  const listId = `${useId()}-list`;
  const [results, setResults] = useState<OrganisationSearchResultDto[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');

  // Search after a pause in typing, never for the picked name itself; an older answer is dropped.
  useEffect(() => {
    const query = text.trim();
    if (picked || query.length < ORGANISATION_SEARCH_MIN_CHARS) {
      setResults([]);
      setStatus('');
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchOrganisations(query, controller.signal).then(
        (answer) => {
          // Aborted while its body was being read (the page moved on): nothing to show.
          if (controller.signal.aborted || !answer) return;
          setResults(answer.organisations);
          setActive(-1);
          const n = answer.organisations.length;
          setStatus(
            n === 0
              ? 'No organisation found with that name. It will be created.'
              : `${n} organisation${n === 1 ? '' : 's'} found. Use the down arrow to choose one.`,
          );
        },
        (err: unknown) => {
          if (err instanceof DOMException && err.name === 'AbortError') return;
          setResults([]);
          setStatus('Organisations could not be searched just now. You can still type your organisation’s name.');
        },
      );
    }, PICKER_SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, picked]);

  const typed = text.trim();
  const exact = results.some((o) => nameKey(o.name) === nameKey(typed));
  const options: Option[] = [
    ...results.map((organisation) => ({ kind: 'existing' as const, organisation })),
    ...(typed && !exact ? [{ kind: 'new' as const, name: typed }] : []),
  ];
  const expanded = open && !picked && options.length > 0 && typed.length >= ORGANISATION_SEARCH_MIN_CHARS;
  const optionId = (index: number) => `${listId}-${index}`;

  const choose = (option: Option) => {
    if (option.kind === 'existing') {
      onPick(option.organisation);
      onTextChange(option.organisation.name);
      setStatus(`${option.organisation.name} chosen.`);
    } else {
      onPick(null);
      setStatus(`A new organisation called ${option.name} will be created. Choose its type below.`);
    }
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0 || picked) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setOpen(true);
      setActive((current) => {
        if (!expanded || current < 0) return step === 1 ? 0 : options.length - 1;
        return (current + step + options.length) % options.length;
      });
    } else if (event.key === 'Enter' && expanded && active >= 0 && options[active]) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <FieldShell id={id} label={label} labelClassName="nhsuk-label" hint={hint} error={error}>
      {({ describedBy, invalid }) => (
        <div className="jointly-picker">
          <input
            className={`nhsuk-input${error ? ' nhsuk-input--error' : ''}`}
            id={id}
            name={id}
            type="text"
            role="combobox"
            autoComplete="organization"
            spellCheck={false}
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={expanded ? listId : undefined}
            aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={text}
            onChange={(event) => {
              onTextChange(event.target.value);
              if (picked) onPick(null);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
          />
          {expanded ? (
            <div className="jointly-picker__list" id={listId} role="listbox" aria-label={label}>
              {options.map((option, index) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the list is operated by keyboard from the box (aria-activedescendant).
                <div
                  key={option.kind === 'existing' ? option.organisation.id : 'new'}
                  id={optionId(index)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === active}
                  className={`jointly-picker__option${index === active ? ' jointly-picker__option--active' : ''}`}
                  // Keeps focus in the box, so the list does not close before the click lands.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(option)}
                >
                  {option.kind === 'existing' ? (
                    <>
                      <span className="jointly-picker__name">{option.organisation.name}</span>{' '}
                      <span className="jointly-picker__detail">{describe(option.organisation)}</span>
                    </>
                  ) : (
                    <span className="jointly-picker__name">Create a new organisation called “{option.name}”</span>
                  )}
                </div>
              ))}
            </div>
          ) : null}
          <p className="nhsuk-u-visually-hidden" id={`${listId}-status`} role="status">
            {status}
          </p>
        </div>
      )}
    </FieldShell>
  );
}
