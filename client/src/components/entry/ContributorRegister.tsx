import type { ContributorRegisterRowDto, ItemProvenanceDto } from '@jointly/shared';
import { formatNumber } from '../../format/plural.ts';

type ContributorRegisterProps = {
  rows: ContributorRegisterRowDto[] | null;
  sectionTitles: Map<string, string>;
  items: ItemProvenanceDto[];
};

const COLUMNS = ['Person', 'Organisation', 'Sections', 'Items', 'Files', 'Edits'] as const;

/** A column's name beside its value when rows stack (hidden from screen readers, which have the header). */
function ColumnName({ name }: { name: string }) {
  return (
    <span className="nhsuk-table__heading" aria-hidden="true">
      {name}{' '}
    </span>
  );
}

/** The entry-wide contributor register: each person, their organisation, the sections and items they worked on, the files they uploaded, their edits. */
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
          // NHS.UK's responsive table: rows stack as cards below desktop width, each value with its
          // column's name, so the register never scrolls sideways (WCAG 1.4.10, issue 11 item 12).
          <table
            className="nhsuk-table nhsuk-table--responsive jointly-register__table"
            aria-labelledby="register-heading"
          >
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                {COLUMNS.map((column, index) => (
                  <th
                    key={column}
                    scope="col"
                    className={
                      index === COLUMNS.length - 1
                        ? 'nhsuk-table__header nhsuk-table__header--numeric'
                        : 'nhsuk-table__header'
                    }
                  >
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {rows.map((row) => (
                <tr key={row.actor.userId} className="nhsuk-table__row">
                  <th scope="row" className="nhsuk-table__header">
                    <ColumnName name="Person" />
                    {row.actor.name}
                  </th>
                  <td className="nhsuk-table__cell">
                    <ColumnName name="Organisation" />
                    {row.actor.organisation.name}
                  </td>
                  <td className="nhsuk-table__cell">
                    <ColumnName name="Sections" />
                    {row.sections.map((id) => sectionTitles.get(id) ?? id).join(', ') || 'None'}
                  </td>
                  <td className="nhsuk-table__cell">
                    <ColumnName name="Items" />
                    {row.items.map((id) => labels.get(id) ?? 'removed item').join(', ') || 'None'}
                  </td>
                  <td className="nhsuk-table__cell">
                    <ColumnName name="Files" />
                    {row.files.map((file) => file.name).join(', ') || 'None'}
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <ColumnName name="Edits" />
                    {formatNumber(row.edits)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
