import { useState } from 'react';
import type { ZodType } from 'zod';
import { errorsFromFailure, type FormErrors, hasErrors, noErrors, summaryItems, validateWith } from './formErrors.ts';

/**
 * Sending a form, one way for every form: the values are checked with the shared request schema
 * (the one the server uses) before anything is sent; a second submit while one is under way is
 * ignored; the last errors go as the send starts; a refusal (the server's issues by field, its
 * message, a network failure) becomes the form's errors. `attempt` moves each time errors are
 * shown, so the error summary takes focus again even when they are the same as before. Text
 * returned by `send` is the form's success message (`saved`) until the next send.
 */
export function useFormSubmit<Field extends string, Values>(
  fields: readonly Field[],
  schema: ZodType,
  // biome-ignore lint/suspicious/noConfusingVoidType: a send with nothing to announce returns nothing.
  send: (values: Values) => Promise<string | void>,
) {
  const [errors, setErrors] = useState(noErrors<Field>());
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const show = (shown: FormErrors<Field>) => {
    setErrors(shown);
    setAttempt((n) => n + 1);
  };

  async function submit(values: Values): Promise<void> {
    if (submitting) return;
    const invalid = validateWith(schema, values, fields);
    if (hasErrors(invalid)) {
      show(invalid);
      return;
    }
    setSubmitting(true);
    setErrors(noErrors());
    setSaved(null);
    try {
      const message = await send(values);
      if (typeof message === 'string') setSaved(message);
    } catch (error) {
      show(errorsFromFailure(error, fields));
    } finally {
      setSubmitting(false);
    }
  }

  return {
    errors,
    attempt,
    submitting,
    saved,
    submit,
    /** Forgets the errors (a form opened afresh). */
    clear: () => setErrors(noErrors()),
    /** The error summary's items, each linked to its field's element id. */
    summary: (fieldId?: (field: Field) => string) => summaryItems(errors, fields, fieldId),
  };
}
