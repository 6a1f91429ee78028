import { useEffect } from 'react';
import { Alert, Form, Input, Modal, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { ItemDetail } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import { UserPicker } from './UserPicker.js';

interface Values {
  custodianId: string;
  reason: string;
}

/** The confidentiality office hands an item to a new custodian (移交保管): an active person cleared for its level. */
export function CustodyModal({ item, open, onClose }: { item: ItemDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const transfer = useMutation({
    mutationFn: (v: Values) =>
      api.items.transferCustody(item.id, {
        version: item.version,
        custodianId: v.custodianId,
        reason: v.reason.trim(),
      }),
    onSuccess: async (d) => {
      qc.setQueryData(['items', 'detail', item.id], d);
      await qc.invalidateQueries({ queryKey: ['items'] });
      showSuccess(t('custody.done', { name: d.custodianName ?? '' }));
      onClose();
    },
  });

  return (
    <Modal
      open={open}
      title={t('custody.title', { number: item.number })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={transfer.isPending}
      okText={t('custody.submit')}
      okButtonProps={{ 'data-testid': 'custody-submit' } as ButtonProps}
      forceRender
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('custody.hint')} />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => transfer.mutate(v)}>
        <Form.Item label={t('custody.current')}>{item.custodianName ?? '—'}</Form.Item>
        <Form.Item name="custodianId" label={t('custody.next')} rules={[{ required: true }]}>
          <UserPicker testid="custody-user" eligible={{ for: 'custodian', level: item.level }} />
        </Form.Item>
        <Form.Item name="reason" label={t('custody.reason')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="custody-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
