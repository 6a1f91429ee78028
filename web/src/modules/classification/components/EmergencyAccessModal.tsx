import { useEffect } from 'react';
import { Alert, Checkbox, Form, Input, Modal, type ButtonProps } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDateTime } from '../../../app/format.js';
import { useClassificationSettings } from './common.js';

interface Values {
  reason: string;
  confirm: boolean;
  itemNumber?: string;
}

/** Break-glass access: granted at once for a few hours, loudly notified and reviewed afterwards. */
/** Without `itemId` the person names the item by number (they may not be able to see it at all). */
export function EmergencyAccessModal({
  open,
  itemId,
  onClose,
  onGranted,
}: {
  open: boolean;
  itemId?: string;
  onClose: () => void;
  onGranted?: (itemId: string) => void;
}) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const settings = useClassificationSettings();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const take = useMutation({
    mutationFn: (v: Values) =>
      itemId
        ? api.items.emergencyAccess(itemId, v.reason.trim())
        : api.items.emergencyAccessByNumber(v.itemNumber!.trim(), v.reason.trim()),
    onSuccess: async (g) => {
      showSuccess(t('emergency.granted', { until: fmtDateTime(g.expiresAt) }));
      await qc.invalidateQueries({ queryKey: ['items'] });
      await qc.invalidateQueries({ queryKey: ['grants'] });
      onClose();
      onGranted?.(g.itemId);
    },
  });
  return (
    <Modal
      open={open}
      title={
        <>
          <WarningOutlined style={{ color: '#cf1322', marginRight: 8 }} />
          {t('emergency.title')}
        </>
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('emergency.submit')}
      okButtonProps={{ danger: true, 'data-testid': 'emergency-submit' } as ButtonProps}
      confirmLoading={take.isPending}
      forceRender
    >
      <Alert
        type="error"
        showIcon
        title={t('emergency.warning', { hours: settings.data?.policy.emergencyHours ?? '—' })}
        style={{ marginBottom: 16 }}
        data-testid="emergency-warning"
      />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => take.mutate(v)}>
        {!itemId && (
          <Form.Item
            name="itemNumber"
            label={t('emergency.itemNumber')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <Input placeholder="BM-2026-000001" data-testid="emergency-number" />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('emergency.reason')}
          rules={[{ required: true, whitespace: true, min: 10, max: 1000 }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="emergency-reason" />
        </Form.Item>
        <Form.Item
          name="confirm"
          valuePropName="checked"
          rules={[
            {
              validator: (_r, v: boolean | undefined) =>
                v ? Promise.resolve() : Promise.reject(new Error(t('common.required'))),
            },
          ]}
        >
          <Checkbox data-testid="emergency-confirm">{t('emergency.confirm')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
