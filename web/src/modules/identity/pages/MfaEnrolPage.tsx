import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Input, Segmented, Space, Spin, Typography } from 'antd';
import { KeyOutlined, MobileOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useSignOut, useStageNavigate } from '../../../app/auth.js';
import { AuthCard } from '../components/AuthCard.js';
import { errorText, showSuccess } from '../../../app/feedback.js';
import { KEY_STEP_CODE, mfaApi } from './mfa/mfaApi.js';

type Choice = 'app' | 'key';

/**
 * Enrolment of a required second factor during sign-in: an authenticator app (QR code, secret, a code to
 * confirm) or a security key; only a key when the person's clearance class requires one.
 */
export function MfaEnrolPage() {
  const { t } = useTranslation('identity');
  const signOut = useSignOut();
  const methods = useQuery({ queryKey: ['auth', 'mfa-methods'], queryFn: mfaApi.signIn.methods, retry: false });
  const keyOnly = methods.data?.requirement === 'security_key';
  const [chosen, setChosen] = useState<Choice>('app');
  const choice: Choice = keyOnly ? 'key' : chosen;

  return (
    <AuthCard title={t('mfa.enrol.title')}>
      <Alert type="info" showIcon message={keyOnly ? t('mfa.enrol.hintKeyOnly') : t('mfa.enrol.hint')} />
      {methods.isLoading ? (
        <Spin />
      ) : (
        <>
          {!keyOnly && (
            <Segmented<Choice>
              block
              value={choice}
              onChange={setChosen}
              options={[
                { value: 'app', label: t('mfa.enrol.app'), icon: <MobileOutlined /> },
                { value: 'key', label: t('mfa.enrol.key'), icon: <KeyOutlined /> },
              ]}
              data-testid="enrol-choice"
            />
          )}
          {choice === 'app' ? <AppEnrolment /> : <KeyEnrolment />}
        </>
      )}
      <Button type="link" onClick={() => void signOut()}>
        {t('auth.backToLogin')}
      </Button>
    </AuthCard>
  );
}

/** The authenticator app: a secret is made when this is first shown, and confirmed with the app's code. */
function AppEnrolment() {
  const { t } = useTranslation('identity');
  const next = useStageNavigate();
  const start = useMutation({ mutationFn: api.auth.enrolStart });
  const confirm = useMutation({
    mutationFn: (v: { code: string }) => api.auth.enrolConfirm(v.code.trim()),
    onSuccess: async (r) => {
      showSuccess(t('auth.enrolDone'));
      await next(r);
    },
    meta: { quiet: ['mfa_invalid', 'forbidden'] },
  });
  const started = useRef(false);
  const { mutate: startEnrol } = start;
  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice; one secret is enough
    started.current = true;
    startEnrol();
  }, [startEnrol]);

  return (
    <>
      <Typography.Text type="secondary">{t('mfa.app.scan')}</Typography.Text>
      {start.isPending && <Spin />}
      {start.data && (
        <Space direction="vertical" align="center" style={{ width: '100%' }}>
          <img src={start.data.qrDataUrl} alt="QR" width={200} height={200} data-testid="mfa-qr" />
          <Typography.Text type="secondary">{t('auth.enrolSecret')}</Typography.Text>
          <Typography.Text code copyable data-testid="mfa-secret">
            {start.data.secret}
          </Typography.Text>
        </Space>
      )}
      {confirm.isError && <Alert type="error" showIcon message={errorText(confirm.error)} />}
      <Form layout="vertical" onFinish={(v: { code: string }) => confirm.mutate(v)} requiredMark={false}>
        <Form.Item
          name="code"
          label={t('auth.enrolCode')}
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('auth.codeRequired') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="enrol-code" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={confirm.isPending}
          disabled={!start.data}
          data-testid="enrol-submit"
        >
          {t('auth.enrolConfirm')}
        </Button>
      </Form>
    </>
  );
}

/** A security key: a name to tell it apart, then the browser's registration ceremony. */
function KeyEnrolment() {
  const { t } = useTranslation('identity');
  const next = useStageNavigate();
  const enrol = useMutation({
    mutationFn: (v: { name: string }) => mfaApi.signIn.enrolKey(v.name.trim()),
    onSuccess: async (r) => {
      showSuccess(t('mfa.enrol.keyDone'));
      await next(r);
    },
    meta: { quiet: ['mfa_invalid', 'conflict', KEY_STEP_CODE] },
  });
  return (
    <>
      {enrol.isError && <Alert type="error" showIcon message={errorText(enrol.error)} data-testid="enrol-key-error" />}
      <Form
        layout="vertical"
        initialValues={{ name: t('mfa.enrol.keyDefaultName') }}
        onFinish={(v: { name: string }) => enrol.mutate(v)}
        requiredMark={false}
      >
        <Form.Item
          name="name"
          label={t('mfa.enrol.keyName')}
          extra={t('mfa.enrol.keyNameHint')}
          rules={[{ required: true, whitespace: true, max: 60, message: t('mfa.enrol.keyNameRequired') }]}
        >
          <Input maxLength={60} data-testid="enrol-key-name" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          icon={<KeyOutlined />}
          loading={enrol.isPending}
          data-testid="enrol-key-submit"
        >
          {t('mfa.enrol.keyRegister')}
        </Button>
      </Form>
    </>
  );
}
