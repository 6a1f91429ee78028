import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { api } from '../api.js';
import { stagePath, useMe, useStageNavigate } from '../../../app/auth.js';
import { AuthCard } from '../components/AuthCard.js';
import { errorText } from '../../../app/feedback.js';

export function LoginPage() {
  const { t } = useTranslation('identity');
  const [params] = useSearchParams();
  const me = useMe();
  const next = useStageNavigate();
  const login = useMutation({
    mutationFn: (v: { username: string; password: string }) => api.auth.login(v.username.trim(), v.password),
    onSuccess: next,
    meta: { quiet: ['invalid_credentials', 'account_locked', 'rate_limited', 'validation_failed'] },
  });
  if (me.data?.stage === 'full') return <Navigate to={stagePath('full')} replace />;

  const reason = params.get('reason');
  const notice =
    reason === 'session_expired' || reason === 'idle'
      ? t('auth.sessionExpired')
      : reason === 'unauthenticated'
        ? t('auth.signInRequired')
        : null;

  return (
    <AuthCard title={t('auth.signIn')}>
      {notice && !login.isError && <Alert type="warning" showIcon message={notice} data-testid="login-notice" />}
      {login.isError && <Alert type="error" showIcon message={errorText(login.error)} data-testid="login-error" />}
      <Form
        layout="vertical"
        onFinish={(v: { username: string; password: string }) => login.mutate(v)}
        requiredMark={false}
      >
        <Form.Item
          name="username"
          label={t('auth.username')}
          rules={[{ required: true, message: t('auth.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {t('auth.signIn')}
        </Button>
      </Form>
    </AuthCard>
  );
}
