import { Alert, Button, Divider, Form, Input, Spin } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useSignOut, useStageNavigate } from '../../../app/auth.js';
import { AuthCard } from '../components/AuthCard.js';
import { KEY_STEP_CODE, mfaApi } from './mfa/mfaApi.js';
import { errorText } from '../../../app/feedback.js';

/**
 * The second step of a sign-in: a code from the authenticator app or the hardware token, and, for a person with a
 * security key, the key instead. What to offer comes from the server (`/api/auth/mfa/methods`).
 */
export function MfaPage() {
  const { t } = useTranslation('identity');
  const next = useStageNavigate();
  const signOut = useSignOut();
  const methods = useQuery({ queryKey: ['auth', 'mfa-methods'], queryFn: mfaApi.signIn.methods, retry: false });
  const verify = useMutation({
    mutationFn: (v: { code: string }) => api.auth.mfaVerify(v.code.trim()),
    onSuccess: next,
    meta: { quiet: ['mfa_invalid', 'rate_limited', 'account_locked', 'forbidden'] },
  });
  const withKey = useMutation({
    mutationFn: mfaApi.signIn.withKey,
    onSuccess: next,
    meta: { quiet: ['mfa_invalid', 'rate_limited', 'account_locked', 'conflict', KEY_STEP_CODE] },
  });
  const m = methods.data;
  const codes = m ? m.app || m.token : true;
  const failed = verify.isError ? verify.error : withKey.isError ? withKey.error : null;

  return (
    <AuthCard title={t('auth.mfaTitle')}>
      <Alert type="info" showIcon message={codes ? t('mfa.signIn.hint') : t('mfa.signIn.hintKeyOnly')} />
      {failed && <Alert type="error" showIcon message={errorText(failed)} data-testid="mfa-error" />}
      {methods.isLoading && <Spin />}
      {codes && (
        <Form
          layout="vertical"
          onFinish={(v: { code: string }) => {
            withKey.reset();
            verify.mutate(v);
          }}
          requiredMark={false}
        >
          <Form.Item
            name="code"
            label={t('mfa.signIn.codeLabel')}
            rules={[{ required: true, pattern: /^\s*\d{6,8}\s*$/, message: t('mfa.signIn.codeRequired') }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} autoFocus data-testid="mfa-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={verify.isPending} data-testid="mfa-submit">
            {t('auth.verify')}
          </Button>
        </Form>
      )}
      {m?.securityKey && (
        <>
          {codes && <Divider plain>{t('mfa.signIn.orKey')}</Divider>}
          <Button
            icon={<KeyOutlined />}
            block
            type={codes ? 'default' : 'primary'}
            loading={withKey.isPending}
            onClick={() => {
              verify.reset();
              withKey.mutate();
            }}
            data-testid="mfa-use-key"
          >
            {t('mfa.signIn.useKey')}
          </Button>
        </>
      )}
      <Button type="link" onClick={() => void signOut()}>
        {t('auth.backToLogin')}
      </Button>
    </AuthCard>
  );
}
