import { useEffect } from 'react';
import { Alert, Form, InputNumber, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { DirectoryEntry as User } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';

/** Departure: revokes the account and starts the separation (脱密期) period. */
export function DepartModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const [form] = Form.useForm<{ separationMonths: number }>();
  useEffect(() => {
    if (user)
      form.setFieldsValue({
        separationMonths:
          user.clearanceClass === 'core' ? 36 : user.clearanceClass === 'important' ? 24 : user.clearanceClass ? 12 : 0,
      });
  }, [user, form]);
  const depart = useMutation({
    mutationFn: (v: { separationMonths: number }) => api.users.depart(user!.id, user!.version!, v.separationMonths),
    onSuccess: async () => {
      showSuccess(t('user.done'));
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
  return (
    <Modal
      open={user !== null}
      title={t('user.departTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={depart.isPending}
      okButtonProps={{ danger: true }}
      forceRender
    >
      <Alert type="warning" showIcon message={t('user.departHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => depart.mutate(v)}>
        <Form.Item name="separationMonths" label={t('user.separationMonths')} rules={[{ required: true }]}>
          <InputNumber min={0} max={36} precision={0} style={{ width: '100%' }} data-testid="depart-months" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
