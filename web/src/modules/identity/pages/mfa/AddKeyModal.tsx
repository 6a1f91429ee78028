import { Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { KEY_STEP_CODE, mfaApi, type FactorKind } from './mfaApi.js';
import { buildProof, ProofForm, type ProofInput } from './ProofForm.js';

/**
 * Adds a security key: its name and the password again (and the current factor), then the browser's
 * registration ceremony (a touch of the new key); the server checks the answer and keeps the key.
 */
export function AddKeyModal({
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
  const add = useMutation({
    mutationFn: async (v: ProofInput & { name: string }) => mfaApi.me.addKey(await buildProof(v), v.name.trim()),
    onSuccess: onDone,
    meta: { quiet: ['forbidden', 'account_locked', 'rate_limited', 'conflict', 'mfa_invalid', KEY_STEP_CODE] },
  });
  const close = () => {
    add.reset();
    onClose();
  };
  return (
    <Modal open={open} title={t('mfa.key.title')} onCancel={close} footer={null} destroyOnHidden>
      <ProofForm<{ name: string }>
        kinds={kinds}
        pending={add.isPending}
        error={add.error}
        onSubmit={(v) => add.mutate(v)}
        initialValues={{ name: t('mfa.enrol.keyDefaultName') }}
      >
        <Form.Item
          name="name"
          label={t('mfa.enrol.keyName')}
          extra={t('mfa.key.hint')}
          rules={[{ required: true, whitespace: true, max: 60, message: t('mfa.enrol.keyNameRequired') }]}
          style={{ marginTop: 16 }}
        >
          <Input maxLength={60} data-testid="key-name" />
        </Form.Item>
      </ProofForm>
    </Modal>
  );
}
