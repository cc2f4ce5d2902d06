import type { MeDto } from '@jointly/shared';
import { useCallback, useMemo } from 'react';
import { ApiError } from '../api/ApiError.ts';
import { getEntry, getMe } from '../api/apiClient.ts';
import type { ProbeResult } from './connectionState.ts';
import type { LocalUser } from './EntryCollabSession.ts';
import { fallbackOrganisationColour } from './organisationColour.ts';

/**
 * What every page that opens an entry's collaboration session needs: the
 * awareness `user` it announces (the server overwrites the identity fields)
 * and the probe that tells, after repeated 1006 closes, whether it is us
 * (signed out, removed) or the server.
 */
export function useCollabIdentity(me: MeDto, entryId: string): { user: LocalUser; probe: () => Promise<ProbeResult> } {
  const user = useMemo<LocalUser>(
    () => ({
      id: me.user.id,
      name: me.user.name,
      organisationId: me.organisation.id,
      organisationName: me.organisation.name,
      color: fallbackOrganisationColour(me.organisation.id),
    }),
    [me],
  );
  const probe = useCallback(async (): Promise<ProbeResult> => {
    try {
      if ((await getMe()) === null) return 'signedOut';
      await getEntry(entryId);
      return 'reachable';
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return 'accessRemoved';
      if (error instanceof ApiError && error.status === 401) return 'signedOut';
      return 'unreachable';
    }
  }, [entryId]);
  return { user, probe };
}
