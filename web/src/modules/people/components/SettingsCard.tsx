import { useEffect } from 'react';
import { Button, Card, Form, InputNumber, Space, Switch } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api/client.js';
import { showSuccess } from '../../../app/feedback.js';
import { api } from '../api.js';
import type { AgreementSettings } from '../contracts.js';
import { ProblemAlert } from './common.js';

export const SETTINGS_KEY = ['agreements', 'settings'] as const;

/**
 * The agreements' settings (the security office): the days to sign a new agreement or version, the expiry notice,
 * whether the commitment letter waits for the onboarding training (PER-03).
 */
export function SettingsCard() {
  const { t } = useTranslation('people');
  const qc = useQueryClient();
  const [form] = Form.useForm<AgreementSettings>();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: api.settings.get });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.settings);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: AgreementSettings) => api.settings.save({ version: settings.data!.version, settings: v }),
    meta: { quiet: ['stale_version', 'validation_failed'] },
    onSuccess: (r) => {
      qc.setQueryData(SETTINGS_KEY, r);
      showSuccess(t('settings.saved'));
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') await qc.invalidateQueries({ queryKey: SETTINGS_KEY });
    },
  });
  return (
    <Card size="small" title={t('settings.title')} data-testid="agreement-settings">
      <ProblemAlert error={save.error} />
      <Form<AgreementSettings> form={form} layout="inline" onFinish={(v) => save.mutate(v)}>
        <Space wrap>
          <Form.Item name="graceDays" label={t('settings.graceDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={365} data-testid="agreement-settings-grace" />
          </Form.Item>
          <Form.Item name="expiryReminderDays" label={t('settings.expiryReminderDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={365} data-testid="agreement-settings-expiry" />
          </Form.Item>
          <Form.Item
            name="commitmentAfterTraining"
            label={t('settings.commitmentAfterTraining')}
            valuePropName="checked"
          >
            <Switch data-testid="agreement-settings-commitment-order" />
          </Form.Item>
          <Button
            htmlType="submit"
            loading={save.isPending}
            disabled={!settings.data}
            data-testid="agreement-settings-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
