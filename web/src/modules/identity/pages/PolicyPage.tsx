import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Form, InputNumber, Row, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility } from '../../../app/auth.js';
import type { AccountPolicy } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { RequirementCard } from './mfa/RequirementCard.js';

type NumField = Exclude<keyof AccountPolicy, 'mfaRequiredForAll' | 'screenWatermark'>;
/** Bounds from accountPolicySchema (src/modules/identity/contracts/settings.ts). */
const GROUPS: { title: string; fields: [NumField, number, number][] }[] = [
  {
    title: 'policy.password',
    fields: [
      ['passwordMinLength', 8, 128],
      ['passwordMinClasses', 1, 4],
      ['passwordHistory', 0, 24],
      ['rotationDaysCleared', 1, 365],
      ['rotationDaysOthers', 0, 365],
    ],
  },
  {
    title: 'policy.lockout',
    fields: [
      ['lockoutThreshold', 3, 20],
      ['lockoutMinutes', 1, 1440],
    ],
  },
  {
    title: 'policy.session',
    fields: [
      ['idleTimeoutMinutes', 1, 60],
      ['sessionLifetimeHours', 1, 72],
    ],
  },
  {
    title: 'policy.throttle',
    fields: [
      ['signInFailuresPerAddress', 3, 100_000],
      ['signInFailuresTotal', 3, 1_000_000],
      ['signInWindowMinutes', 1, 1440],
    ],
  },
];

export function PolicyPage() {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const can = useAbility();
  const view = can('settings.view') || can('settings.manage');
  const manage = can('settings.manage');
  const [form] = Form.useForm<AccountPolicy>();
  const [conflict, setConflict] = useState(false);
  const policy = useQuery({ queryKey: ['account-policy'], queryFn: () => api.settings.accountPolicy(), enabled: view });
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data.policy);
  }, [policy.data, form]);
  const save = useMutation({
    mutationFn: (p: AccountPolicy) => api.settings.saveAccountPolicy(policy.data?.version ?? 0, p),
    onSuccess: async () => {
      setConflict(false);
      showSuccess(t('policy.saved'));
      await qc.invalidateQueries({ queryKey: ['account-policy'] });
      await qc.invalidateQueries({ queryKey: ['password-rules'] });
      await qc.invalidateQueries({ queryKey: ['me'] });
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        setConflict(true);
        await qc.invalidateQueries({ queryKey: ['account-policy'] });
      }
    },
    meta: { quiet: ['stale_version'] },
  });
  if (!view) return <NotFoundPage forbidden />;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('policy.title')}
      </Typography.Title>
      {!manage && <Alert type="info" showIcon message={t('policy.readOnly')} />}
      {conflict && (
        <Alert type="warning" showIcon closable message={t('policy.conflict')} onClose={() => setConflict(false)} />
      )}
      <Form
        form={form}
        layout="vertical"
        disabled={!manage || policy.isLoading}
        onFinish={(v) => save.mutate(v)}
        data-testid="policy-form"
      >
        {GROUPS.map((g) => (
          <Card key={g.title} size="small" title={t(g.title)} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              {g.fields.map(([name, min, max]) => (
                <Col xs={24} md={12} key={name}>
                  <Form.Item
                    name={name}
                    label={t(`policy.${name}`)}
                    rules={[{ required: true }, { type: 'number', min, max }]}
                    extra={`${min} – ${max}`}
                  >
                    <InputNumber
                      min={min}
                      max={max}
                      precision={0}
                      style={{ width: '100%' }}
                      data-testid={`policy-${name}`}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>
        ))}
        <Card size="small" title={t('policy.mfa')} style={{ marginBottom: 16 }}>
          <Form.Item
            name="mfaRequiredForAll"
            label={t('policy.mfaRequiredForAll')}
            valuePropName="checked"
            extra={t('policy.mfaAdminNote')}
          >
            <Switch data-testid="policy-mfaRequiredForAll" />
          </Form.Item>
        </Card>
        <Card size="small" title={t('policy.watermark')} style={{ marginBottom: 16 }}>
          <Form.Item
            name="screenWatermark"
            label={t('policy.screenWatermark')}
            valuePropName="checked"
            extra={t('policy.watermarkNote')}
          >
            <Switch data-testid="policy-screenWatermark" />
          </Form.Item>
        </Card>
        {manage && (
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => policy.data && form.setFieldsValue(policy.data.policy)}>{t('common.reset')}</Button>
            <Typography.Text type="secondary">
              {t('common.version')}: {policy.data?.version ?? '—'}
            </Typography.Text>
          </Space>
        )}
      </Form>
      <RequirementCard />
    </Space>
  );
}
