import { useEffect } from 'react';
import { Alert, Button, Card, Col, Form, Row, Select, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../../../app/feedback.js';
import { useAbility } from '../../../../app/auth.js';
import { mfaApi, type Requirement } from './mfaApi.js';

const CLASSES = ['core', 'important', 'general', 'unclassified'] as const;
type Rule = Record<(typeof CLASSES)[number], Requirement>;
const REQUIREMENTS: Requirement[] = ['none', 'any', 'security_key'];
const KEY = ['settings', 'mfa-requirement'] as const;

/**
 * The second factor each clearance class must have (security administrator; others who may read the settings
 * see it read-only): none, any, or a security key (then codes no longer sign such a person in).
 */
export function RequirementCard() {
  const { t } = useTranslation('identity');
  const can = useAbility();
  const qc = useQueryClient();
  const manage = can('mfa.require');
  const [form] = Form.useForm<Rule>();
  const current = useQuery({ queryKey: KEY, queryFn: mfaApi.requirement.get });
  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data.rule);
  }, [current.data, form]);
  const save = useMutation({
    mutationFn: (rule: Rule) => mfaApi.requirement.save({ version: current.data?.version ?? 0, rule }),
    onSuccess: async () => {
      showSuccess(t('mfa.policy.saved'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  const label = (c: (typeof CLASSES)[number]) =>
    c === 'unclassified' ? t('mfa.policy.unclassified') : t(`clearance.${c}`);

  return (
    <Card size="small" title={t('mfa.policy.title')} data-testid="mfa-requirement">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('mfa.policy.hint')}</Typography.Text>
        {!manage && <Alert type="info" showIcon message={t('mfa.policy.readOnly')} />}
        <Form form={form} layout="vertical" disabled={!manage || current.isLoading} onFinish={(v) => save.mutate(v)}>
          <Row gutter={16}>
            {CLASSES.map((c) => (
              <Col xs={24} md={12} key={c}>
                <Form.Item name={c} label={label(c)} rules={[{ required: true }]}>
                  <Select<Requirement>
                    options={REQUIREMENTS.map((r) => ({ value: r, label: t(`mfa.requirement.${r}`) }))}
                    data-testid={`mfa-req-${c}`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
          {manage && (
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="mfa-req-save">
                {t('common.save')}
              </Button>
              <Typography.Text type="secondary">
                {t('common.version')}: {current.data?.version ?? '—'}
              </Typography.Text>
            </Space>
          )}
        </Form>
      </Space>
    </Card>
  );
}
