import { Form, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../../../app/feedback.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { mfaApi, type OtpToken } from './mfaApi.js';

/** Hands a token to a person (an active account; the server refuses administrators and the admin themself). */
export function AssignTokenModal({
  token,
  onClose,
  onDone,
}: {
  token: OtpToken | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('identity');
  const assign = useMutation({
    mutationFn: (v: { userId: string }) => mfaApi.tokens.assign(token?.id ?? '', v.userId, token?.version ?? 0),
    onSuccess: async () => {
      showSuccess(t('mfa.tokens.assigned'));
      await onDone();
    },
  });
  return (
    <Modal
      open={!!token}
      title={token && t('mfa.tokens.assignTitle', { serial: token.serial })}
      onCancel={onClose}
      okText={t('mfa.tokens.assign')}
      okButtonProps={
        {
          htmlType: 'submit',
          form: 'assign-token',
          loading: assign.isPending,
          'data-testid': 'assign-ok',
        } as ButtonProps
      }
      destroyOnHidden
    >
      <Form
        id="assign-token"
        layout="vertical"
        requiredMark={false}
        onFinish={(v: { userId: string }) => assign.mutate(v)}
      >
        <Form.Item
          name="userId"
          label={t('mfa.tokens.assignPerson')}
          rules={[{ required: true, message: t('mfa.tokens.assignRequired') }]}
        >
          <PersonPicker testid="assign-person" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Brings a counter (HOTP) token's counter back in step from two consecutive codes. */
export function ResyncTokenModal({
  token,
  onClose,
  onDone,
}: {
  token: OtpToken | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('identity');
  const resync = useMutation({
    mutationFn: (v: { code1: string; code2: string }) =>
      mfaApi.tokens.resync(token?.id ?? '', v.code1.trim(), v.code2.trim()),
    onSuccess: async () => {
      showSuccess(t('mfa.tokens.resynced'));
      await onDone();
    },
  });
  const digits = token?.digits ?? 6;
  const rule = {
    required: true,
    pattern: new RegExp(`^\\s*\\d{${digits}}\\s*$`),
    message: t('mfa.signIn.codeRequired'),
  };
  return (
    <Modal
      open={!!token}
      title={token && t('mfa.tokens.resyncTitle', { serial: token.serial })}
      onCancel={onClose}
      okText={t('mfa.tokens.resync')}
      okButtonProps={
        {
          htmlType: 'submit',
          form: 'resync-token',
          loading: resync.isPending,
          'data-testid': 'resync-ok',
        } as ButtonProps
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('mfa.tokens.resyncHint')}</Typography.Paragraph>
      <Form
        id="resync-token"
        layout="vertical"
        requiredMark={false}
        onFinish={(v: { code1: string; code2: string }) => resync.mutate(v)}
      >
        <Form.Item name="code1" label={t('mfa.tokens.code1')} rules={[rule]}>
          <Input inputMode="numeric" maxLength={digits} data-testid="resync-code1" />
        </Form.Item>
        <Form.Item name="code2" label={t('mfa.tokens.code2')} rules={[rule]}>
          <Input inputMode="numeric" maxLength={digits} data-testid="resync-code2" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
