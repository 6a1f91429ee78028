import { Alert, Form, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText, showSuccess } from '../../../../app/feedback.js';
import { mfaApi, type Factor } from './mfaApi.js';

/** How a factor is named in the list and the dialogs: the key's name, the token's serial, the app's kind. */
export function useFactorName(): (f: Factor) => string {
  const { t } = useTranslation('identity');
  return (f) =>
    f.kind === 'token' ? t('mfa.profile.tokenSerial', { serial: f.label ?? '' }) : (f.label ?? t(`mfa.kind.${f.kind}`));
}

/** Renames a security key. */
export function RenameKeyModal({
  factor,
  onClose,
  onDone,
}: {
  factor: Factor | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('identity');
  const rename = useMutation({
    mutationFn: (v: { name: string }) => mfaApi.me.renameKey(factor?.id ?? '', v.name.trim()),
    onSuccess: async () => {
      showSuccess(t('mfa.profile.renamed'));
      await onDone();
    },
  });
  return (
    <Modal
      open={!!factor}
      title={t('mfa.profile.rename')}
      onCancel={onClose}
      okButtonProps={
        { htmlType: 'submit', form: 'rename-key', loading: rename.isPending, 'data-testid': 'rename-ok' } as ButtonProps
      }
      destroyOnHidden
    >
      <Form
        id="rename-key"
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: factor?.label ?? '' }}
        onFinish={(v: { name: string }) => rename.mutate(v)}
      >
        <Form.Item
          name="name"
          label={t('mfa.enrol.keyName')}
          rules={[{ required: true, whitespace: true, max: 60, message: t('mfa.enrol.keyNameRequired') }]}
        >
          <Input maxLength={60} data-testid="rename-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Removes a factor after the password is entered again; the server keeps the last one a person must have. */
export function RemoveFactorModal({
  factor,
  onClose,
  onDone,
}: {
  factor: Factor | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('identity');
  const name = useFactorName();
  const remove = useMutation({
    mutationFn: (v: { password: string }) =>
      mfaApi.me.remove({ kind: factor?.kind ?? 'app', id: factor?.id ?? '', password: v.password }),
    onSuccess: async () => {
      showSuccess(t('mfa.profile.removed'));
      await onDone();
    },
    meta: { quiet: ['forbidden', 'conflict', 'account_locked', 'rate_limited'] },
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal
      open={!!factor}
      title={t('mfa.profile.removeTitle')}
      onCancel={close}
      okText={t('mfa.profile.remove')}
      okButtonProps={
        {
          danger: true,
          htmlType: 'submit',
          form: 'remove-factor',
          loading: remove.isPending,
          'data-testid': 'remove-ok',
        } as ButtonProps
      }
      destroyOnHidden
    >
      <Typography.Paragraph>{factor && t('mfa.profile.removeHint', { name: name(factor) })}</Typography.Paragraph>
      {remove.isError && <Alert type="error" showIcon message={errorText(remove.error)} style={{ marginBottom: 16 }} />}
      <Form
        id="remove-factor"
        layout="vertical"
        requiredMark={false}
        onFinish={(v: { password: string }) => remove.mutate(v)}
      >
        <Form.Item
          name="password"
          label={t('mfa.proof.password')}
          rules={[{ required: true, message: t('mfa.proof.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="remove-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
