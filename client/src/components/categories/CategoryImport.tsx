import type { CustomCategoryDto } from '@jointly/templates';
import { type FormEvent, useState } from 'react';
import { createCustomCategory } from '../../api/categoriesApi.ts';
import { ErrorSummary, type ErrorSummaryItem } from '../fields/ErrorSummary.tsx';
import { FieldShell } from '../fields/FieldShell.tsx';
import { problemItems } from './CategoryForm.tsx';

/** The largest category file read: well above a shipped one (8 KB), within the server's JSON limit. */
const MAX_FILE_BYTES = 60 * 1024;

/**
 * Imports a category file in the shipped templates' format (issue 17 item 1).
 * The server checks it with the same schema; every problem is listed with
 * its path, and nothing is stored until there is none.
 */
export function CategoryImport({ onImported }: { onImported: (category: CustomCategoryDto) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<ErrorSummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setAttempt((n) => n + 1);
    if (!file) return setProblems([{ fieldId: 'category-file', message: 'Choose a category file (.json)' }]);
    if (file.size > MAX_FILE_BYTES)
      return setProblems([
        { fieldId: 'category-file', message: 'The file is too large to be a category (over 60 KB)' },
      ]);
    let raw: unknown;
    try {
      raw = JSON.parse(await file.text());
    } catch {
      return setProblems([
        { fieldId: 'category-file', message: 'The file is not JSON: export a category to see the format' },
      ]);
    }
    setBusy(true);
    try {
      const created = await createCustomCategory(raw, false);
      setProblems([]);
      onImported(created);
    } catch (error) {
      setProblems(problemItems(error).map((item) => ({ ...item, fieldId: item.fieldId ? 'category-file' : null })));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit}>
      <ErrorSummary items={problems} focusKey={attempt} title="The file could not be imported" />
      <FieldShell id="category-file" label="Category file" hint="A .json file in the format of an exported category">
        {({ describedBy, invalid }) => (
          <input
            className="nhsuk-file-upload"
            id="category-file"
            name="category-file"
            type="file"
            accept=".json,application/json"
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        )}
      </FieldShell>
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" aria-disabled={busy}>
        {busy ? 'Importing…' : 'Import the file'}
      </button>
    </form>
  );
}
