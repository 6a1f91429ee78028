import { useEffect } from 'react';
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Radio, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api.js';
import { useAbility } from '../../../app/auth.js';
import { type GrantAction } from '../../../app/contracts.js';
import { GRANT_ACTIONS } from '../../../../../src/kernel/secret-item.js';
import { showSuccess } from '../../../app/feedback.js';
import { useClassificationSettings } from './common.js';
import { UserPicker } from './UserPicker.js';

interface Values {
  itemNumber?: string;
  forWhom: 'self' | 'colleague';
  subjectId?: string;
  actions: GrantAction[];
  days: number;
  reason: string;
}

/**
 * Asks for access to an item through the approval chain: by its id (from the item page) or by its number
 * (for an item one cannot see, so cannot open). For oneself, or for a colleague one leads (the server checks).
 */
export function AccessRequestModal({
  open,
  itemId,
  title,
  onClose,
}: {
  open: boolean;
  itemId?: string;
  title?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('classification');
  const can = useAbility();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const settings = useClassificationSettings();
  const [form] = Form.useForm<Values>();
  const forWhom = Form.useWatch('forWhom', form);
  const maxDays = settings.data?.policy.maxGrantDays ?? 90;
  // The ability comes from the same policy (item.request_for_team); the server still decides per colleague.
  const mayAskForOthers = can('item.request_for_team');
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const ask = useMutation({
    mutationFn: (v: Values) =>
      api.requests.askAccess({
        ...(itemId ? { itemId } : { itemNumber: v.itemNumber?.trim() ?? '' }),
        ...(v.forWhom === 'colleague' && v.subjectId ? { subjectId: v.subjectId } : {}),
        actions: [...new Set<GrantAction>(['read', ...v.actions])],
        days: v.days,
        reason: v.reason.trim(),
      }),
    onSuccess: async (r) => {
      showSuccess(t('access.submitted'));
      await qc.invalidateQueries({ queryKey: ['requests'] });
      onClose();
      navigate(`/approvals/${r.requestId}`);
    },
  });

  return (
    <Modal
      open={open}
      title={!itemId ? t('access.byNumberTitle') : title ? t('access.titleFor', { title }) : t('access.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={ask.isPending}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'access-submit' } as ButtonProps}
      forceRender
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ forWhom: 'self', actions: ['read'], days: Math.min(7, maxDays) }}
        onFinish={(v) => ask.mutate(v)}
      >
        {!itemId && (
          <Form.Item
            name="itemNumber"
            label={t('access.number')}
            extra={t('access.numberHint')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <Input autoComplete="off" data-testid="access-number" />
          </Form.Item>
        )}
        {mayAskForOthers && (
          <Form.Item
            name="forWhom"
            label={t('access.forWhom')}
            extra={forWhom === 'colleague' ? t('access.colleagueHint') : undefined}
          >
            <Radio.Group data-testid="access-for">
              <Radio value="self">{t('access.self')}</Radio>
              <Radio value="colleague">{t('access.colleague')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        {forWhom === 'colleague' && (
          <Form.Item name="subjectId" label={t('access.subject')} rules={[{ required: true }]}>
            <UserPicker testid="access-subject" />
          </Form.Item>
        )}
        <Form.Item name="actions" label={t('access.actions')}>
          <Checkbox.Group
            data-testid="access-actions"
            options={GRANT_ACTIONS.map((a) => ({ value: a, label: t(`grantAction.${a}`), disabled: a === 'read' }))}
          />
        </Form.Item>
        <Form.Item
          name="days"
          label={t('access.days')}
          extra={t('access.daysMax', { n: maxDays })}
          rules={[{ required: true }, { type: 'number', min: 1, max: maxDays }]}
        >
          <InputNumber min={1} max={maxDays} precision={0} style={{ width: 160 }} data-testid="access-days" />
        </Form.Item>
        <Form.Item name="reason" label={t('access.reason')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="access-reason" />
        </Form.Item>
      </Form>
      {!itemId && <Alert type="info" showIcon title={t('item.notFoundHint')} />}
    </Modal>
  );
}
