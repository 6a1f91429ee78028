import { useEffect, useRef } from 'react';
import { Alert, Button, Form, Input, Space, Spin, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useSignOut, useStageNavigate } from '../../../app/auth.js';
import { AuthCard } from '../components/AuthCard.js';
import { errorText, showSuccess } from '../../../app/feedback.js';

export function MfaEnrolPage() {
  const { t } = useTranslation('identity');
  const next = useStageNavigate();
  const signOut = useSignOut();
  const start = useMutation({ mutationFn: api.auth.enrolStart });
  const confirm = useMutation({
    mutationFn: (v: { code: string }) => api.auth.enrolConfirm(v.code.trim()),
    onSuccess: async (r) => {
      showSuccess(t('auth.enrolDone'));
      await next(r);
    },
    meta: { quiet: ['mfa_invalid'] },
  });
  const started = useRef(false);
  const { mutate: startEnrol } = start;
  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice; one secret is enough
    started.current = true;
    startEnrol();
  }, [startEnrol]);

  return (
    <AuthCard title={t('auth.enrolTitle')}>
      <Alert type="info" showIcon message={t('auth.enrolHint')} />
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
      <Button type="link" onClick={() => void signOut()}>
        {t('auth.backToLogin')}
      </Button>
    </AuthCard>
  );
}
