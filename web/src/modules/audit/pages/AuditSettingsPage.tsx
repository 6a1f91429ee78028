import { useEffect } from 'react';
import { Alert, Button, Card, Form, InputNumber, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api/client.js';
import { showSuccess } from '../../../app/feedback.js';
import { useAbility } from '../../../app/auth.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { settingsApi } from '../settingsApi.js';

const KEY = ['audit', 'settings'] as const;

interface Values {
  auditorReadsAll: boolean;
  /** Empty in the form when none is set (every event stays live). */
  retentionMonths: number | null;
}

/**
 * The audit settings (the security administrator): whether the auditor reads the whole trail or, as 分级保护
 * practice has it, only the administrators' events and the system's; how long events stay live before they are
 * archived (never below six months, the server's bound too).
 */
export function AuditSettingsPage() {
  const { t } = useTranslation('audit');
  const can = useAbility();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const allowed = can('audit.manage_settings');
  const settings = useQuery({ queryKey: KEY, queryFn: settingsApi.get, enabled: allowed });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.settings);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: Values) =>
      settingsApi.save({
        version: settings.data!.version,
        settings: { auditorReadsAll: v.auditorReadsAll, retentionMonths: v.retentionMonths ?? null },
      }),
    onSuccess: (r) => {
      qc.setQueryData(KEY, r);
      showSuccess(t('settings.saved'));
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') await qc.invalidateQueries({ queryKey: KEY });
    },
  });
  if (!allowed) return <NotFoundPage forbidden />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      <Alert type="info" showIcon message={t('settings.split')} />
      <Card size="small">
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item
            name="auditorReadsAll"
            label={t('settings.auditorReadsAll')}
            extra={t('settings.auditorReadsAllHelp')}
            valuePropName="checked"
          >
            <Switch data-testid="audit-settings-reads-all" />
          </Form.Item>
          <Form.Item name="retentionMonths" label={t('settings.retentionMonths')} extra={t('settings.retentionHelp')}>
            <InputNumber
              min={6}
              max={600}
              precision={0}
              style={{ width: 160 }}
              data-testid="audit-settings-retention"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            disabled={!settings.data}
            data-testid="audit-settings-save"
          >
            {t('settings.save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
