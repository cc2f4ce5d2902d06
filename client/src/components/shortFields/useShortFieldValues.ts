import { readShortFields, type ShortFieldRule } from '@jointly/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

const NONE: readonly ShortFieldRule[] = [];

/** The award's short fields with their text, read again after every change of the document (the judge view). */
export function useShortFieldValues(doc: Y.Doc | null, fields: readonly ShortFieldRule[] | undefined) {
  const declared = fields ?? NONE;
  const read = () => (doc ? readShortFields(doc, declared) : declared.map((field) => ({ field, value: '' })));
  const [values, setValues] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` is rebuilt from doc and declared, the real inputs.
  useEffect(() => {
    setValues(read());
    if (!doc) return;
    const update = () => setValues(read());
    doc.on('afterTransaction', update);
    return () => doc.off('afterTransaction', update);
  }, [doc, declared]);
  return values;
}
