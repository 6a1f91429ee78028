import { Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api as client, call } from '../../../../app/api/client.js';
import { ME_KEY } from '../../../../app/auth.js';
import { showSuccess } from '../../../../app/feedback.js';

/**
 * One's own display name, edited in place on the profile: every person names themselves here, the three
 * administrators too (they start as their role's name). The server audits the change; the header, the directory
 * and the trail read the new name once the session's "me" is reloaded.
 */
export function DisplayNameField({ value }: { value: string }) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const rename = useMutation({
    mutationFn: (displayName: string) => call(client.PUT('/api/me/display-name', { body: { displayName } })),
    onSuccess: async () => {
      showSuccess(t('profile.saved'));
      await qc.invalidateQueries({ queryKey: ME_KEY, exact: true });
    },
  });
  return (
    <Typography.Text
      data-testid="profile-display-name"
      editable={{
        maxLength: 64,
        triggerType: ['icon'],
        text: value,
        onChange: (next) => {
          const name = next.trim();
          if (name && name !== value) rename.mutate(name);
        },
      }}
    >
      {value}
    </Typography.Text>
  );
}
