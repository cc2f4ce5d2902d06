import { createEntryBody } from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { createEntry, listCategories } from '../api/apiClient.ts';
import { ErrorSummary } from '../components/fields/ErrorSummary.tsx';
import { RadioGroup } from '../components/fields/RadioGroup.tsx';
import { TextField } from '../components/fields/TextField.tsx';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { formatDate } from '../format/formatDate.ts';
import { plural } from '../format/plural.ts';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../forms/formErrors.ts';
import { useLoad } from '../hooks/useLoad.ts';

const FIELDS = ['categoryId', 'title'] as const;
type Field = (typeof FIELDS)[number];

function categoryHint(category: CategoryTemplate) {
  const words = category.sections.reduce((sum, section) => sum + section.wordLimit, 0);
  return (
    <>
      {category.description}
      <br />
      {plural(category.sections.length, 'section', 'sections')}, {plural(words, 'word', 'words')} in all. Deadline:{' '}
      {formatDate(category.deadline)}.
    </>
  );
}

/** `/entries/new`: start an entry from a category template; its creator becomes its lead. */
export function NewEntryPage() {
  const categories = useLoad(listCategories, []);
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>({ categoryId: '', title: '' });
  const [errors, setErrors] = useState(noErrors<Field>());
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);

  const set = (field: Field) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    setAttempt((n) => n + 1);
    const invalid = validateWith(createEntryBody, values, FIELDS);
    if (!values.categoryId) invalid.fields.categoryId = 'Select the award category you are entering';
    if (hasErrors(invalid)) {
      setErrors(invalid);
      return;
    }
    setSubmitting(true);
    try {
      const entry = await createEntry(createEntryBody.parse(values));
      navigate(`/entries/${encodeURIComponent(entry.id)}`);
    } catch (error) {
      setErrors(errorsFromFailure(error, FIELDS));
      setSubmitting(false);
    }
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to="/">
          Your entries
        </Link>
        <ErrorSummary items={summaryItems(errors, FIELDS)} focusKey={attempt} />
        <PageHeading>Start a new entry</PageHeading>
        <p className="nhsuk-body">
          Entering an award that is not listed? <Link to="/categories">Make a category for it</Link>.
        </p>
        {categories.status === 'loading' ? <LoadingMessage>Loading award categories…</LoadingMessage> : null}
        {categories.status === 'error' ? (
          <ProblemMessage title="Award categories could not be loaded">{problemText(categories.error)}</ProblemMessage>
        ) : null}
        {categories.status === 'ok' ? (
          <form noValidate onSubmit={onSubmit}>
            <RadioGroup
              id="categoryId"
              name="categoryId"
              legend="Award category"
              legendSize="m"
              hint="The sections, guidance and word limits of your entry come from the category."
              options={categories.data.map((category) => ({
                value: category.id,
                label: `${category.programme}: ${category.name}`,
                hint: categoryHint(category),
              }))}
              value={values.categoryId}
              onChange={set('categoryId')}
              error={errors.fields.categoryId}
            />
            <TextField
              id="title"
              label="Entry title"
              labelSize="m"
              hint="What the judges will know your project by, for example “Community diagnostics partnership”"
              value={values.title}
              onChange={set('title')}
              error={errors.fields.title}
              autoComplete="off"
            />
            <button className="nhsuk-button" type="submit" aria-disabled={submitting}>
              {submitting ? 'Creating entry…' : 'Create entry'}
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
