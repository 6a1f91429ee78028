import { useEffect } from 'react';
import { Alert, Button, Card, Form, InputNumber, Space } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api/client.js';
import { errorText, problemOf, showSuccess } from '../../../app/feedback.js';
import { reportsApi, type TrainingSettings } from '../api/reports.js';

export const TRAINING_SETTINGS_KEY = ['training', 'settings'] as const;
type Values = TrainingSettings['settings'];

/**
 * The training settings (the security office): onboarding due relative to the start date, the refresher interval,
 * the days to take a new course, how early people are reminded.
 */
export function SettingsCard() {
  const { t } = useTranslation('training');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const settings = useQuery({ queryKey: TRAINING_SETTINGS_KEY, queryFn: reportsApi.settings.get });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.settings);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: Values) => reportsApi.settings.save({ version: settings.data!.version, settings: v }),
    meta: { quiet: ['stale_version', 'validation_failed'] },
    onSuccess: (r) => {
      qc.setQueryData(TRAINING_SETTINGS_KEY, r);
      showSuccess(t('reportSettings.saved'));
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') await qc.invalidateQueries({ queryKey: TRAINING_SETTINGS_KEY });
    },
  });
  const field = (name: keyof Values, min: number, max: number) => (
    <Form.Item name={name} label={t(`reportSettings.${name}`)} rules={[{ required: true }]}>
      <InputNumber min={min} max={max} precision={0} data-testid={`training-settings-${name}`} />
    </Form.Item>
  );
  return (
    <Card size="small" title={t('reportSettings.title')} data-testid="training-settings">
      {save.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={errorText(save.error)}
          data-testid="training-settings-problem"
          data-problem={problemOf(save.error) ?? ''}
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Space wrap align="end">
          {field('onboardingOffsetDays', -365, 365)}
          {field('refresherMonths', 1, 120)}
          {field('newCourseGraceDays', 0, 365)}
          {field('reminderDays', 0, 90)}
          <Form.Item>
            <Button
              htmlType="submit"
              loading={save.isPending}
              disabled={!settings.data}
              data-testid="training-settings-save"
            >
              {t('reportSettings.save')}
            </Button>
          </Form.Item>
        </Space>
      </Form>
    </Card>
  );
}
