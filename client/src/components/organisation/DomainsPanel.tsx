import {
  addOrganisationDomainBody,
  emailDomain,
  type OrganisationDetailDto,
  sharedMailDomainMessage,
  sharedMailDomainReason,
} from '@jointly/shared';
import { useState } from 'react';
import type { z } from 'zod';
import { addOrganisationDomain, removeOrganisationDomain } from '../../api/organisationsApi.ts';
import { useAccountForm } from '../account/useAccountForm.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextField } from '../fields/TextField.tsx';
import { ProblemMessage, problemText } from '../layout/ProblemMessage.tsx';

/** The shared schema, plus the reason a public or shared mail domain cannot verify, before anything is sent. */
const schema = addOrganisationDomainBody.superRefine((body, ctx) => {
  const reason = sharedMailDomainReason(body.domain);
  if (reason) ctx.addIssue({ code: 'custom', path: ['domain'], message: sharedMailDomainMessage(body.domain, reason) });
});

/**
 * An organisation's verified e-mail domains (issue 15), for its admins: people whose confirmed
 * address is on one join as confirmed members. An admin adds only the domain of their own
 * confirmed address; NHSmail's nhs.net cannot verify one organisation, and the page says so.
 */
export function DomainsPanel({
  organisation,
  myEmail,
  onChanged,
}: {
  organisation: OrganisationDetailDto;
  myEmail: string;
  onChanged: (saved: OrganisationDetailDto | null) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const myDomain = emailDomain(myEmail);
  const form = useAccountForm({
    fields: ['domain'],
    initial: { domain: '' },
    schema: schema as z.ZodType,
    idPrefix: 'organisation-',
    send: async (values) => {
      const saved = await addOrganisationDomain(organisation.id, values.domain);
      form.reset();
      onChanged(saved);
      return `${addOrganisationDomainBody.parse(values).domain} now verifies ${organisation.name}.`;
    },
  });

  const remove = async (domain: string) => {
    setProblem(null);
    try {
      await removeOrganisationDomain(organisation.id, domain);
      setAnnouncement(`${domain} removed.`);
      onChanged(null);
    } catch (error) {
      setProblem(problemText(error));
    }
  };

  return (
    <section aria-labelledby="organisation-domains-heading">
      <h2 className="nhsuk-heading-m" id="organisation-domains-heading">
        Verified email domains
      </h2>
      <p className="nhsuk-body">
        Someone whose confirmed work email address is on one of these domains joins {organisation.name} as a confirmed
        member at once. Anyone else waits for an admin to confirm them.
      </p>
      <div className="nhsuk-inset-text">
        <p className="nhsuk-body nhsuk-u-margin-bottom-0">
          NHSmail addresses (nhs.net) are shared by every NHS organisation, so nhs.net cannot verify {organisation.name}
          . Confirm people with nhs.net addresses yourself under Members, or ask for single sign-on, where the provider
          says which organisation each person belongs to.
        </p>
      </div>
      {problem ? <ProblemMessage title="The domain could not be removed">{problem}</ProblemMessage> : null}
      {organisation.domains.length === 0 ? (
        <p className="nhsuk-body">{organisation.name} has no verified domains yet.</p>
      ) : (
        <ul className="nhsuk-list jointly-org-domains">
          {organisation.domains.map((d) => (
            <li key={d.domain}>
              <strong>{d.domain}</strong>{' '}
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                onClick={() => void remove(d.domain)}
              >
                Remove<span className="nhsuk-u-visually-hidden"> {d.domain}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={form.onSubmit} aria-labelledby="organisation-add-domain-heading">
        <h3 className="nhsuk-heading-s" id="organisation-add-domain-heading">
          Add a domain
        </h3>
        <ErrorSummary items={form.summary} focusKey={form.attempt} />
        <TextField
          {...form.field('domain')}
          label="Email domain"
          hint={`The part of a work email address after the @. You can add only the domain of your own confirmed address (${myDomain}).`}
          width={20}
          spellCheck={false}
          autoComplete="off"
        />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" aria-disabled={form.submitting}>
          Add domain
        </button>
      </form>
      <p className="nhsuk-body" role="status">
        {form.saved ?? announcement}
      </p>
    </section>
  );
}
