import { type OrganisationDetailDto, updateOrganisationBody } from '@jointly/shared';
import { z } from 'zod';
import { updateOrganisation } from '../../api/organisationsApi.ts';
import { useAccountForm } from '../account/useAccountForm.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextField } from '../fields/TextField.tsx';

const FIELDS = ['odsCode', 'companiesHouseNumber', 'charityNumber'] as const;
type Field = (typeof FIELDS)[number];

/** An empty box clears the identifier. */
const blankToNull = (values: Record<Field, string>) =>
  Object.fromEntries(FIELDS.map((field) => [field, values[field].trim() === '' ? null : values[field]]));
const schema = z.preprocess((values) => blankToNull(values as Record<Field, string>), updateOrganisationBody);

/**
 * An organisation's identifiers (issue 15), for its admins: checked for their format only, here
 * and on the server; nothing is looked up in the registries.
 */
export function IdentifiersForm({
  organisation,
  onSaved,
}: {
  organisation: OrganisationDetailDto;
  onSaved: (saved: OrganisationDetailDto) => void;
}) {
  const form = useAccountForm({
    fields: FIELDS,
    initial: {
      odsCode: organisation.odsCode ?? '',
      companiesHouseNumber: organisation.companiesHouseNumber ?? '',
      charityNumber: organisation.charityNumber ?? '',
    },
    schema,
    idPrefix: 'organisation-',
    send: async (values) => {
      onSaved(await updateOrganisation(organisation.id, blankToNull(values)));
      return 'The identifiers have been saved.';
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit} aria-labelledby="organisation-identifiers-heading">
      <h2 className="nhsuk-heading-m" id="organisation-identifiers-heading">
        Identifiers
      </h2>
      <p className="nhsuk-body">
        Partners can tell your organisation apart by these. Jointly checks only that each looks right: it cannot look
        them up in the registries. Leave a box empty if it does not apply.
      </p>
      <ErrorSummary items={form.summary} focusKey={form.attempt} />
      <TextField
        {...form.field('odsCode')}
        label="ODS code (NHS organisations)"
        hint="3 to 6 letters and numbers, for example RR8"
        width={10}
        spellCheck={false}
      />
      <TextField
        {...form.field('companiesHouseNumber')}
        label="Companies House company number"
        hint="8 characters, for example 01234567 or SC123456"
        width={10}
        spellCheck={false}
      />
      <TextField
        {...form.field('charityNumber')}
        label="Charity number"
        hint="For example 1123456, 1123456-1, SC012345 or NIC100002"
        width={10}
        spellCheck={false}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" aria-disabled={form.submitting}>
        Save identifiers
      </button>
      <p className="nhsuk-body" role="status">
        {form.saved}
      </p>
    </form>
  );
}
