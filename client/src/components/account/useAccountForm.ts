import { type FormEvent, useState } from 'react';
import type { ZodType } from 'zod';
import { useFormSubmit } from '../../forms/useFormSubmit.ts';

type AccountFormOptions<Field extends string> = {
  fields: readonly Field[];
  initial: Record<Field, string>;
  schema: ZodType;
  /** Each field's element id is this followed by the field's name. */
  idPrefix?: string;
  /** Sends the values; text it returns is announced as what changed. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a send with nothing to announce returns nothing.
  send: (values: Record<Field, string>) => Promise<string | void>;
};

/**
 * A small form of text fields (issue 15's account and recovery forms): its values, and its
 * sending through useFormSubmit. `field(name)` is what a TextField needs: id, value, onChange, error.
 */
export function useAccountForm<Field extends string>({
  fields,
  initial,
  schema,
  idPrefix = '',
  send,
}: AccountFormOptions<Field>) {
  const [values, setValues] = useState(initial);
  const form = useFormSubmit(fields, schema, send);
  const idOf = (field: Field) => `${idPrefix}${field}`;

  return {
    /** Back to the initial values (a password is not left in the form once used). */
    reset: () => setValues(initial),
    field: (name: Field) => ({
      id: idOf(name),
      value: values[name],
      onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
      error: form.errors.fields[name],
    }),
    errors: form.errors,
    attempt: form.attempt,
    submitting: form.submitting,
    saved: form.saved,
    summary: form.summary(idOf),
    onSubmit: (event: FormEvent) => {
      event.preventDefault();
      void form.submit(values);
    },
  };
}
