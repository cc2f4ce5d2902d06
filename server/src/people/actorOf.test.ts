import { describe, expect, it } from 'vitest';
import { actorOf, FORMER_USER, UNKNOWN_ORGANISATION, unknownOrganisation } from './actorOf.ts';

describe('actorOf', () => {
  it('I12-4: names a person and their organisation from a joined row', () => {
    expect(actorOf({ userId: 'u1', name: 'Ada', organisationId: 'o1', organisationName: 'Trust' })).toEqual({
      userId: 'u1',
      name: 'Ada',
      organisation: { id: 'o1', name: 'Trust' },
    });
  });

  it('I12-4: a deleted account or organisation reads as “Former user” / “Unknown organisation”', () => {
    expect(actorOf({ userId: 'u1', name: null, organisationId: null, organisationName: undefined })).toEqual({
      userId: 'u1',
      name: FORMER_USER,
      organisation: { id: '', name: UNKNOWN_ORGANISATION },
    });
    expect(FORMER_USER).toBe('Former user');
    expect(UNKNOWN_ORGANISATION).toBe('Unknown organisation');
    expect(unknownOrganisation('o9')).toEqual({ id: 'o9', name: 'Unknown organisation', kind: 'other' });
  });

  it('issue 15: a person gone from a known organisation reads as a former member of it', () => {
    expect(actorOf({ userId: 'u1', name: null, organisationId: 'o1', organisationName: 'Trust' }).name).toBe(
      'Former member of Trust',
    );
  });
});
