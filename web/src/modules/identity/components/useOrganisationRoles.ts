import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { showSuccess } from '../../../app/feedback.js';

/** The organisation's roles as the web reads them, and a change of them. */
type OrganisationRoles = Awaited<ReturnType<typeof api.organisation.roles>>;
export type FunctionalRole = OrganisationRoles['functionalRoles'][number];
export type RolePerson = NonNullable<OrganisationRoles['generalManager']>;

const KEY = ['organisation-roles'];

export function useOrganisationRoles() {
  return useQuery({ queryKey: KEY, queryFn: api.organisation.roles });
}

/**
 * A change of the organisation's roles: on success the roles are read again; a stale version (someone changed
 * them meanwhile) is said in `onConflict` and the roles are reloaded.
 */
export function useRoleChange<A>(
  fn: (args: A) => Promise<unknown>,
  onConflict: (text: string) => void,
  success?: string,
) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      onConflict('');
      showSuccess(success ?? t('org.saved'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        onConflict(t('org.conflict'));
        await qc.invalidateQueries({ queryKey: KEY });
      }
    },
    meta: { quiet: ['stale_version'] },
  });
}
