import { useEffect } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Space, Spin, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility } from '../../../app/auth.js';
import { errorText, showSuccess } from '../../../app/feedback.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import type { CarrierSettings } from '../contracts.js';
import { SETTINGS_KEY, exampleNumber, useCarrierSettings } from '../components/common.js';

const TIERS = ['confidential', 'secret', 'top_secret'] as const;

/**
 * 载体设置 (the security office): how register numbers are made (with a live example), how long a loan lasts per
 * level, when reminders go out, the longest carry-out and how often 文电 are cleared.
 */
export function CarrierSettingsPage() {
  const { t } = useTranslation('carriers');
  const can = useAbility();
  const qc = useQueryClient();
  const settings = useCarrierSettings();
  const [form] = Form.useForm<CarrierSettings>();
  const scheme = Form.useWatch('numberScheme', form) ?? '';
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.settings);
  }, [settings.data, form]);

  const save = useMutation({
    mutationFn: (v: CarrierSettings) => api.settings.save({ version: settings.data!.version, settings: v }),
    meta: { quiet: ['validation_failed', 'stale_version'] },
    onSuccess: (r) => {
      qc.setQueryData(SETTINGS_KEY, r);
      showSuccess(t('settings.saved'));
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        await qc.invalidateQueries({ queryKey: SETTINGS_KEY });
        form.setFields([{ name: 'numberScheme', errors: [t('settings.conflict')] }]);
      } else form.setFields([{ name: 'numberScheme', errors: [errorText(e)] }]);
    },
  });

  if (!can('carrier.manage_settings')) return <NotFoundPage forbidden />;
  if (settings.isLoading) return <Spin />;
  const year = new Date().getFullYear();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <Form<CarrierSettings>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        data-testid="carrier-settings-form"
      >
        <Card size="small" title={t('settings.numbers')} style={{ marginBottom: 16 }}>
          <Form.Item
            name="numberScheme"
            label={t('settings.numberScheme')}
            extra={t('settings.numberSchemeHint')}
            rules={[{ required: true, max: 60 }]}
          >
            <Input maxLength={60} style={{ maxWidth: 360 }} data-testid="carrier-settings-scheme" />
          </Form.Item>
          <Alert
            type="info"
            showIcon
            data-testid="carrier-settings-example"
            title={t('settings.example', {
              a: exampleNumber(scheme, { year, level: 'secret', kind: 'paper_document', seq: 42 }),
              b: exampleNumber(scheme, { year, level: 'top_secret', kind: 'storage_medium', seq: 43 }),
            })}
          />
        </Card>
        <Card size="small" title={t('settings.loans')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {TIERS.map((tier) => (
              <Col xs={24} md={8} key={tier}>
                <Form.Item
                  name={['loanDays', tier]}
                  label={t('settings.loanDays', { level: t(`level.${tier}`) })}
                  rules={[{ required: true }]}
                >
                  <InputNumber
                    style={{ width: 140 }}
                    min={1}
                    max={365}
                    precision={0}
                    suffix={t('settings.days')}
                    data-testid={`carrier-settings-loan-${tier}`}
                  />
                </Form.Item>
              </Col>
            ))}
            <Col xs={24} md={8}>
              <Form.Item
                name="remindDaysBefore"
                label={t('settings.remindDaysBefore')}
                extra={t('settings.remindHint')}
                rules={[{ required: true }]}
              >
                <InputNumber
                  style={{ width: 140 }}
                  min={0}
                  max={30}
                  precision={0}
                  suffix={t('settings.days')}
                  data-testid="carrier-settings-remind"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="maxCarryOutDays" label={t('settings.maxCarryOutDays')} rules={[{ required: true }]}>
                <InputNumber
                  style={{ width: 140 }}
                  min={1}
                  max={365}
                  precision={0}
                  suffix={t('settings.days')}
                  data-testid="carrier-settings-carry-out"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="telegramCleanupDays"
                label={t('settings.telegramCleanupDays')}
                extra={t('settings.telegramHint')}
                rules={[{ required: true }]}
              >
                <InputNumber
                  style={{ width: 140 }}
                  min={7}
                  max={3650}
                  precision={0}
                  suffix={t('settings.days')}
                  data-testid="carrier-settings-telegram"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="carrier-settings-save">
          {t('common.save')}
        </Button>
      </Form>
    </Space>
  );
}
