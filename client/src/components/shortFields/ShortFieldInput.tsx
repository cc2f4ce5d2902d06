import { countWords, type ShortFieldRule, shortFieldLength } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { formatNumber, plural } from '../../format/plural.ts';
import { mapPosition, shortFieldTextIn, writeShortField } from './shortFieldText.ts';

type ShortFieldInputProps = {
  doc: Y.Doc | null;
  field: ShortFieldRule;
  editable: boolean;
};

/** The field's text as it is now, following every change from anyone (the map's, for a field first written). */
function useLiveValue(doc: Y.Doc | null, fieldId: string, onRemote: (delta: Y.YTextEvent['delta']) => void) {
  const [value, setValue] = useState(() => (doc ? (shortFieldTextIn(doc, fieldId)?.toString() ?? '') : ''));
  const remote = useRef(onRemote);
  remote.current = onRemote;
  useEffect(() => {
    if (!doc) return;
    let text: Y.Text | null = null;
    const onText = (event: Y.YTextEvent) => {
      if (!event.transaction.local) remote.current(event.delta);
      setValue(event.target.toString());
    };
    // The field's Y.Text appears when someone first writes it, and may be replaced: follow the map.
    const bind = () => {
      const current = shortFieldTextIn(doc, fieldId);
      if (current === text) return;
      text?.unobserve(onText);
      text = current;
      text?.observe(onText);
      setValue(text?.toString() ?? '');
    };
    bind();
    doc.on('afterTransaction', bind);
    return () => {
      doc.off('afterTransaction', bind);
      text?.unobserve(onText);
    };
  }, [doc, fieldId]);
  return value;
}

/**
 * One of the award's short fields (issue 17 item 1): a labelled single-line
 * input bound live to its Y.Text, with its count of characters (and words,
 * where the award sets a word limit). The browser stops typing at the
 * character limit, as the server refuses a write past it.
 */
export function ShortFieldInput({ doc, field, editable }: ShortFieldInputProps) {
  const input = useRef<HTMLInputElement>(null);
  const value = useLiveValue(doc, field.id, (delta) => {
    // Someone else's change: keep this person's caret where it was in the text.
    const element = input.current;
    if (!element || document.activeElement !== element) return;
    const start = mapPosition(element.selectionStart ?? 0, delta);
    const end = mapPosition(element.selectionEnd ?? 0, delta);
    requestAnimationFrame(() => element.setSelectionRange(start, end));
  });
  const id = `short-field-${field.id}`;
  const chars = shortFieldLength(value);
  const words = countWords(value);
  const overWords = field.wordLimit !== undefined && words > field.wordLimit;
  return (
    <div className={`nhsuk-form-group${overWords ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {field.label}
        {field.required ? null : ' (optional)'}
      </label>
      <input
        ref={input}
        className="nhsuk-input"
        id={id}
        type="text"
        value={value}
        maxLength={field.charLimit}
        readOnly={!editable || doc === null}
        aria-describedby={`${id}-count`}
        aria-invalid={overWords || undefined}
        onChange={(event) => {
          if (doc && editable) writeShortField(doc, field.id, event.target.value);
        }}
      />
      <p className={`jointly-word-count${overWords ? ' jointly-word-count--over' : ''}`} id={`${id}-count`}>
        {formatNumber(chars)} of {plural(field.charLimit, 'character', 'characters')}
        {field.wordLimit !== undefined ? `; ${formatNumber(words)} of ${plural(field.wordLimit, 'word', 'words')}` : ''}
        {overWords ? ` – ${plural(words - (field.wordLimit ?? 0), 'word', 'words')} over the limit` : ''}
      </p>
    </div>
  );
}
