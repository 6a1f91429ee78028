import { Card, Checkbox, Col, Form, Input, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANNELS, SECURE_CHANNELS, type CarrierOrigin } from '../../../../../src/kernel/carriers.js';
import type { MyDuty } from '../contracts.js';

/**
 * The register form's first part: produced here (maybe a draft) or received (the channel it came by, who sent it
 * and a note: its sign-for record), and the department, among those where the person is the designated handler
 * for it (produce, or receive and dispatch). An unsecured arrival is recorded as it happened, marked as such.
 */
export function OriginCard({
  origin,
  departments,
  loading,
}: {
  origin: CarrierOrigin;
  departments: readonly MyDuty[];
  loading: boolean;
}) {
  const { t } = useTranslation('carriers');
  const duty = origin === 'received' ? 'dispatch' : 'produce';
  return (
    <Card size="small" title={t('register.origin')} style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="origin" extra={t(`register.originHint.${origin}`)}>
            <Radio.Group
              optionType="button"
              data-testid="carrier-origin"
              options={[
                { value: 'produced', label: t('register.produce') },
                { value: 'received', label: t('register.receive') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="departmentId"
            label={t('carrier.department')}
            rules={[{ required: true, message: t('register.noDuty') }]}
            extra={t(`register.departmentHint.${duty}`)}
          >
            <Select
              data-testid="carrier-department"
              loading={loading}
              options={departments.map((d) => ({ value: d.departmentId, label: d.departmentName }))}
            />
          </Form.Item>
        </Col>
        {origin === 'produced' ? (
          <Col xs={24}>
            <Form.Item name="draft" valuePropName="checked" extra={t('register.draftHint')}>
              <Checkbox data-testid="carrier-draft">{t('register.draft')}</Checkbox>
            </Form.Item>
          </Col>
        ) : (
          <>
            <Col xs={24} md={8}>
              <Form.Item name="channel" label={t('carrier.channel')} rules={[{ required: true }]}>
                <Select
                  data-testid="carrier-received-channel"
                  options={CHANNELS.map((c) => ({
                    value: c,
                    label: SECURE_CHANNELS.includes(c)
                      ? t(`channel.${c}`)
                      : t('register.unsecuredArrival', { channel: t(`channel.${c}`) }),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="counterpart"
                label={t('register.from')}
                rules={[{ required: true, whitespace: true, max: 200 }]}
              >
                <Input maxLength={200} data-testid="carrier-received-from" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="note" label={t('carrier.note')} rules={[{ max: 500 }]}>
                <Input maxLength={500} data-testid="carrier-received-note" />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
    </Card>
  );
}
