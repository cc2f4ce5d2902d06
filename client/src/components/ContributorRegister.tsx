import type { ContributorRegisterRowDto, ItemProvenanceDto } from '@jointly/shared';
import { formatNumber } from '../format/plural.ts';

type ContributorRegisterProps = {
  rows: ContributorRegisterRowDto[] | null;
  sectionTitles: Map<string, string>;
  items: ItemProvenanceDto[];
};

/** The entry-wide contributor register: each person, their organisation, the sections and items they worked on, their edits. */
export function ContributorRegister({ rows, sectionTitles, items }: ContributorRegisterProps) {
  const labels = new Map(items.map((item) => [item.itemId, item.label || 'label pending']));
  return (
    <section className="nhsuk-card jointly-register" aria-labelledby="register-heading">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id="register-heading">
          Contributor register
        </h2>
        {rows === null ? (
          <p className="nhsuk-body jointly-muted">Loading the register…</p>
        ) : rows.length === 0 ? (
          <p className="nhsuk-body">Nobody has contributed yet.</p>
        ) : (
          <table className="nhsuk-table" aria-labelledby="register-heading">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Organisation</th>
                <th scope="col">Sections</th>
                <th scope="col">Items</th>
                <th scope="col" className="nhsuk-table__header--numeric">
                  Edits
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {rows.map((row) => (
                <tr key={row.actor.userId}>
                  <th scope="row">{row.actor.name}</th>
                  <td>{row.actor.organisation.name}</td>
                  <td>{row.sections.map((id) => sectionTitles.get(id) ?? id).join(', ') || 'None'}</td>
                  <td>{row.items.map((id) => labels.get(id) ?? 'removed item').join(', ') || 'None'}</td>
                  <td className="nhsuk-table__cell--numeric">{formatNumber(row.edits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
