import { Alert, Button, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useSignOut, useStageNavigate } from '../../../app/auth.js';
import { AuthCard } from '../components/AuthCard.js';
import { errorText } from '../../../app/feedback.js';

export function MfaPage() {
  const { t } = useTranslation('identity');
  const next = useStageNavigate();
  const signOut = useSignOut();
  const verify = useMutation({
    mutationFn: (v: { code: string }) => api.auth.mfaVerify(v.code.trim()),
    onSuccess: next,
    meta: { quiet: ['mfa_invalid', 'rate_limited', 'account_locked'] },
  });
  return (
    <AuthCard title={t('auth.mfaTitle')}>
      <Alert type="info" showIcon message={t('auth.mfaHint')} />
      {verify.isError && <Alert type="error" showIcon message={errorText(verify.error)} data-testid="mfa-error" />}
      <Form layout="vertical" onFinish={(v: { code: string }) => verify.mutate(v)} requiredMark={false}>
        <Form.Item
          name="code"
          label={t('auth.mfaCode')}
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('auth.codeRequired') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus data-testid="mfa-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={verify.isPending} data-testid="mfa-submit">
          {t('auth.verify')}
        </Button>
      </Form>
      <Button type="link" onClick={() => void signOut()}>
        {t('auth.backToLogin')}
      </Button>
    </AuthCard>
  );
}
