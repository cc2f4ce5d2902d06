import { type CustomCategoryDto, isCustomCategoryDto } from '@jointly/templates';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  categoryExportUrl,
  createCustomCategory,
  listAllCategories,
  setCategorySharing,
  updateCustomCategory,
} from '../api/categoriesApi.ts';
import { CategoryForm } from '../components/categories/CategoryForm.tsx';
import { CategoryImport } from '../components/categories/CategoryImport.tsx';
import { draftOf, emptyDraft } from '../components/categories/categoryDraft.ts';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { plural } from '../format/plural.ts';
import { useLoad } from '../hooks/useLoad.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; category: CustomCategoryDto } | null;

function CategoryRow({
  category,
  onEdit,
  onShared,
}: {
  category: CustomCategoryDto;
  onEdit: () => void;
  onShared: (category: CustomCategoryDto) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const words = category.sections.reduce((sum, section) => sum + section.wordLimit, 0);
  const label = `${category.programme}: ${category.name}`;
  return (
    <li className="jointly-category-row">
      <h3 className="nhsuk-heading-s">{label}</h3>
      <p className="nhsuk-body-s">
        {plural(category.sections.length, 'section', 'sections')}, {plural(words, 'word', 'words')} in all. Version{' '}
        {category.version}, made by {category.ownerOrganisationName}.{' '}
        {category.sharedWithPartners ? 'Shared with partner organisations.' : 'Not shared.'}
      </p>
      {problem ? <p className="nhsuk-error-message">{problem}</p> : null}
      <div className="jointly-button-row">
        <a className="nhsuk-link" href={categoryExportUrl(category.id)} download={`${category.id}.json`}>
          Download as a file<span className="nhsuk-u-visually-hidden">: {label}</span>
        </a>
        {category.mayEdit ? (
          <>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onEdit}>
              Change<span className="nhsuk-u-visually-hidden">: {label}</span>
            </button>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={async () => {
                try {
                  onShared(await setCategorySharing(category.id, !category.sharedWithPartners));
                  setProblem(null);
                } catch (error) {
                  setProblem(problemText(error));
                }
              }}
            >
              {category.sharedWithPartners ? 'Stop sharing' : 'Share with partners'}
              <span className="nhsuk-u-visually-hidden">: {label}</span>
            </button>
          </>
        ) : null}
      </div>
    </li>
  );
}

/**
 * `/categories` (issue 17 item 1): categories for awards Jointly does not
 * ship, made in a form or imported from a file, your organisation's and those
 * its partners share; download each as a file, change or share your own.
 */
export function CategoriesPage() {
  const categories = useLoad(listAllCategories, []);
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLDivElement>(null);
  const custom = categories.data?.filter(isCustomCategoryDto) ?? [];
  const formHeadingRef = useRef<HTMLHeadingElement>(null);
  // Opening the form takes focus to its heading, so the keyboard starts at its first field.
  useEffect(() => {
    if (editing) formHeadingRef.current?.focus();
  }, [editing]);

  async function saved(category: CustomCategoryDto, verb: string) {
    setEditing(null);
    await categories.reload().catch(() => {});
    setStatus(`${category.programme}: ${category.name} ${verb}. It is now in the list of categories for a new entry.`);
    requestAnimationFrame(() => statusRef.current?.focus());
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to="/entries/new">
          Start a new entry
        </Link>
        <PageHeading>Award categories</PageHeading>
        <p className="nhsuk-body">
          Enter an award Jointly does not list: make its category here, with its sections, word limits and checks, or
          import a file someone exported. Your organisation's categories are yours to change; share one and the
          organisations you write entries with can use it too.
        </p>
        {status ? (
          <div className="nhsuk-inset-text" tabIndex={-1} ref={statusRef} role="status">
            <p>{status}</p>
          </div>
        ) : null}

        <h2 className="nhsuk-heading-m">Your categories</h2>
        {categories.status === 'loading' ? <LoadingMessage>Loading categories…</LoadingMessage> : null}
        {categories.status === 'error' ? (
          <ProblemMessage title="Categories could not be loaded">{problemText(categories.error)}</ProblemMessage>
        ) : null}
        {categories.status === 'ok' && custom.length === 0 ? (
          <p className="nhsuk-body">None yet: only the categories Jointly ships.</p>
        ) : null}
        <ul className="nhsuk-list">
          {custom.map((category) => (
            <CategoryRow
              key={category.id}
              category={category}
              onEdit={() => setEditing({ kind: 'edit', category })}
              onShared={(changed) =>
                void saved(changed, changed.sharedWithPartners ? 'is shared' : 'is no longer shared')
              }
            />
          ))}
        </ul>

        {editing === null ? (
          <button type="button" className="nhsuk-button" onClick={() => setEditing({ kind: 'new' })}>
            Make a category
          </button>
        ) : (
          <section aria-labelledby="category-form-heading">
            <h2 className="nhsuk-heading-m" id="category-form-heading" tabIndex={-1} ref={formHeadingRef}>
              {editing.kind === 'new' ? 'Make a category' : `Change ${editing.category.name}`}
            </h2>
            {editing.kind === 'edit' ? (
              <p className="nhsuk-hint">Entries already made on it keep the version they were made on.</p>
            ) : null}
            <CategoryForm
              key={editing.kind === 'edit' ? editing.category.id : 'new'}
              initial={editing.kind === 'edit' ? draftOf(editing.category) : emptyDraft()}
              submitLabel={editing.kind === 'new' ? 'Save the category' : 'Save a new version'}
              save={(template) =>
                editing.kind === 'edit'
                  ? updateCustomCategory(editing.category.id, template)
                  : createCustomCategory(template, false)
              }
              onSaved={(category) => void saved(category, editing.kind === 'new' ? 'saved' : 'changed')}
            />
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </section>
        )}

        <h2 className="nhsuk-heading-m">Import a category file</h2>
        <CategoryImport onImported={(category) => void saved(category, 'imported')} />
      </div>
    </div>
  );
}
