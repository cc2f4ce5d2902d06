/** The kinds of organisation a person can belong to (PRODUCT §3, journey 1). */
export const ORGANISATION_KINDS = ['nhs_trust', 'nhs_provider', 'supplier', 'third_sector', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  nhs_trust: 'NHS trust',
  nhs_provider: 'NHS provider (not a trust)',
  supplier: 'Supplier',
  third_sector: 'Third sector',
  other: 'Other',
};
