import { randomBytes } from 'node:crypto';
import type { OrganisationKind } from '@jointly/shared';
import type { SignUpDetails } from '../pages/SignUpPage.ts';

/**
 * Someone who uses Jointly in a test: unique per call, so no two tests share
 * an account. A person is what they sign up with; the sign-up page owns that shape.
 */
export type Person = SignUpDetails;

const SAMPLES: Record<OrganisationKind, { names: string[]; organisation: string; domain: string }> = {
  nhs_trust: {
    names: ['Priya Shah', 'Tom Okafor', 'Helen Marsh'],
    organisation: 'Leeds Teaching Hospitals NHS Trust',
    domain: 'trust.example.nhs.uk',
  },
  nhs_provider: { names: ['Grace Liu'], organisation: 'Airedale GP Federation', domain: 'federation.example.nhs.uk' },
  supplier: {
    names: ['Sam Reid', 'Aisha Bello', 'Marek Nowak'],
    organisation: 'Northern Diagnostics Ltd',
    domain: 'diagnostics.example.com',
  },
  third_sector: { names: ['Ruth Evans'], organisation: 'Carers Leeds', domain: 'carers.example.org' },
  other: { names: ['Alex Byrne', 'Jo Clarke'], organisation: 'Yorkshire Health Comms', domain: 'comms.example.org' },
};

let sequence = 0;

/** A short unique tag (run + counter), so names, emails and organisations never collide between tests. */
export function uniqueTag(): string {
  sequence += 1;
  return `${randomBytes(2).toString('hex')}${sequence}`;
}

/** A new person of the given kind of organisation, with unique name, email and organisation. */
export function newPerson(kind: OrganisationKind, overrides: Partial<Person> = {}): Person {
  const sample = SAMPLES[kind];
  const tag = uniqueTag();
  const name = `${sample.names[sequence % sample.names.length]} ${tag}`;
  const local = name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  return {
    name,
    email: `${local}@${sample.domain}`,
    password: `long enough passphrase ${tag}`,
    organisationName: `${sample.organisation} ${tag}`,
    organisationKind: kind,
    ...overrides,
  };
}

/** A unique, readable entry title. */
export function newEntryTitle(base = 'Community diagnostics partnership'): string {
  return `${base} ${uniqueTag()}`;
}
