import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../app/feedback.js';
import { FACTORS_KEY, KEY_STEP_CODE, mfaApi, type FactorKind } from './mfaApi.js';
import { buildProof, ProofForm, type ProofInput } from './ProofForm.js';

/**
 * Adds (or replaces) the authenticator app: the password again (and the current factor), then the new secret as
 * a QR code and text, confirmed with a code from the new app. Until then the current app keeps working: closing
 * this leaves the new secret pending and changes nothing.
 */
export function AddAppModal({
  open,
  kinds,
  onClose,
  onDone,
}: {
  open: boolean;
  kinds: readonly FactorKind[];
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const start = useMutation({
    mutationFn: async (v: ProofInput) => mfaApi.me.appStart(await buildProof(v)),
    // The list says a new app is pending (the current one still works) even if this dialog is closed now.
    onSuccess: () => qc.invalidateQueries({ queryKey: FACTORS_KEY }),
    meta: { quiet: ['forbidden', 'account_locked', 'rate_limited', 'conflict', KEY_STEP_CODE] },
  });
  const confirm = useMutation({
    mutationFn: (v: { code: string }) => mfaApi.me.appConfirm(v.code.trim()),
    onSuccess: async () => {
      start.reset();
      await onDone();
    },
    meta: { quiet: ['mfa_invalid', 'conflict'] },
  });
  const close = () => {
    start.reset();
    confirm.reset();
    onClose();
  };

  return (
    <Modal open={open} title={t('mfa.app.title')} onCancel={close} footer={null} destroyOnHidden>
      {!start.data ? (
        <ProofForm kinds={kinds} pending={start.isPending} error={start.error} onSubmit={(v) => start.mutate(v)} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('mfa.app.scan')}</Typography.Text>
          <Space direction="vertical" align="center" style={{ width: '100%' }}>
            <img src={start.data.qrDataUrl} alt="QR" width={200} height={200} data-testid="app-qr" />
            <Typography.Text type="secondary">{t('mfa.app.secret')}</Typography.Text>
            <Typography.Text code copyable data-testid="app-secret">
              {start.data.secret}
            </Typography.Text>
          </Space>
          {confirm.isError && (
            <Alert type="error" showIcon message={errorText(confirm.error)} data-testid="app-error" />
          )}
          <Form layout="vertical" requiredMark={false} onFinish={(v: { code: string }) => confirm.mutate(v)}>
            <Form.Item
              name="code"
              label={t('mfa.app.code')}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('auth.codeRequired') }]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="app-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={confirm.isPending} data-testid="app-confirm">
              {t('mfa.app.confirm')}
            </Button>
          </Form>
        </Space>
      )}
    </Modal>
  );
}
