import type { OrganisationKind, Role } from '@jointly/shared';
import { EntryPage } from '../pages/EntryPage.ts';
import { acceptThroughApi, createEntryThroughApi, inviteThroughApi, signUpThroughApi } from './api.ts';
import { newEntryTitle, newPerson, type Person } from './people.ts';
import type { PersonBrowser, Scenario } from './useScenario.ts';

export type Participant = { person: Person; browser: PersonBrowser; entry: EntryPage };

export type SharedEntry = {
  entryId: string;
  title: string;
  /** The NHS trust user who created the entry (its lead). */
  lead: Participant;
  /** The invited person from another organisation. */
  partner: Participant;
};

/**
 * Set-up for the live scenarios: an NHS trust lead and a partner of another
 * organisation (new accounts), one new entry they are both on, each with the
 * entry open in their own browser and synced with the server. Registration
 * and invitation go through the API here; scenario 1 covers them in the pages.
 */
export async function openSharedEntry(
  scenario: Scenario,
  options: {
    partnerRole?: Role;
    partnerKind?: OrganisationKind;
    partnerLabel?: string;
    /** The origin the partner browses (e.g. a NetworkLink's, to cut their network later). */
    partnerOrigin?: string;
  } = {},
): Promise<SharedEntry> {
  const { partnerRole = 'contributor', partnerKind = 'supplier', partnerLabel = 'supplier' } = options;
  const leadPerson = newPerson('nhs_trust');
  const partnerPerson = newPerson(partnerKind);
  const [leadBrowser, partnerBrowser] = await Promise.all([
    scenario.openBrowser('trust', leadPerson),
    scenario.openBrowser(partnerLabel, partnerPerson, options.partnerOrigin),
  ]);
  await Promise.all([
    signUpThroughApi(leadBrowser.context, leadPerson),
    signUpThroughApi(partnerBrowser.context, partnerPerson),
  ]);
  const title = newEntryTitle();
  const entry = await createEntryThroughApi(leadBrowser.context, title);
  const invitation = await inviteThroughApi(leadBrowser.context, entry.id, partnerPerson.email, partnerRole);
  await acceptThroughApi(partnerBrowser.context, invitation.token);

  const [leadEntry, partnerEntry] = await Promise.all(
    [leadBrowser, partnerBrowser].map(async (browser) => {
      const page = await new EntryPage(browser.page).goto(entry.id);
      return page.waitUntilSaved(title);
    }),
  );
  return {
    entryId: entry.id,
    title,
    lead: { person: leadPerson, browser: leadBrowser, entry: leadEntry! },
    partner: { person: partnerPerson, browser: partnerBrowser, entry: partnerEntry! },
  };
}

/** The caret label another person sees: "Name · Organisation". */
export function caretLabelOf(person: Person): string {
  return `${person.name} · ${person.organisationName}`;
}
