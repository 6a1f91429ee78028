import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSignOut, useStageNavigate } from '../../../app/auth.js';
import { AuthCard } from '../components/AuthCard.js';
import { PasswordForm, PasswordRules } from '../components/PasswordForm.js';

export function PasswordChangePage() {
  const { t } = useTranslation('identity');
  const next = useStageNavigate();
  const signOut = useSignOut();
  return (
    <AuthCard title={t('auth.pwTitle')}>
      <Alert type="warning" showIcon message={t('auth.pwHint')} />
      <PasswordRules />
      <PasswordForm onDone={next} />
      <Button type="link" onClick={() => void signOut()}>
        {t('auth.backToLogin')}
      </Button>
    </AuthCard>
  );
}
