import type { OrganisationEntryDto } from '@jointly/shared';
import { Link } from 'react-router';
import { ROLE_LABELS } from '../../format/roleLabels.ts';

/**
 * The entries an organisation's people are on (issue 15), for its admins: titles, status and its own
 * people only. An entry opens only for its members, so the others are named without a link.
 */
export function OrganisationEntriesList({ entries }: { entries: OrganisationEntryDto[] }) {
  return (
    <section aria-labelledby="organisation-entries-heading">
      <h2 className="nhsuk-heading-m" id="organisation-entries-heading">
        Entries
      </h2>
      {entries.length === 0 ? (
        <p className="nhsuk-body">Nobody from your organisation is on an entry yet.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border">
          {entries.map((entry) => (
            <li key={entry.id}>
              <p className="nhsuk-body nhsuk-u-margin-bottom-1">
                {entry.youAreMember ? (
                  <Link to={`/entries/${entry.id}`}>{entry.title}</Link>
                ) : (
                  <strong>{entry.title}</strong>
                )}{' '}
                ({entry.status === 'submitted' ? 'submitted' : 'draft'}
                {entry.leadOrganisation ? ', your organisation leads it' : ''})
              </p>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                {entry.people.map((p) => `${p.name} (${ROLE_LABELS[p.role]})`).join(', ')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
