import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  ConfigProvider,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type GetProps,
  type TableProps,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import {
  type ClassificationPolicy,
  type ClassificationSettings,
  type LevelInfo,
  type LevelScheme,
  type MaxYearsLevel,
} from '../../../app/contracts.js';
import { LEVEL_SCHEMES } from '../../../../../src/kernel/levels.js';
import { CLEARANCE_CLASSES } from '../../../../../src/kernel/roles.js';
import { showSuccess } from '../../../app/feedback.js';
import { LevelTag, SETTINGS_KEY } from './common.js';

type NumField =
  'reviewIntervalMonths' | 'maxGrantDays' | 'emergencyHours' | 'requestTtlDays' | 'accessReviewIntervalMonths';
/** Bounds from classificationPolicySchema (src/modules/classification/contracts/classification.ts). */
const NUMBERS: [NumField, number, number][] = [
  ['reviewIntervalMonths', 1, 60],
  ['accessReviewIntervalMonths', 0, 60],
  ['maxGrantDays', 1, 3650],
  ['requestTtlDays', 1, 365],
  ['emergencyHours', 1, 72],
];

/** IANA zones the browser knows (the server checks the one chosen), the usual one first. */
/**
 * The schemes' checkboxes in the form: antd marks a required field's control `aria-required`, which a group of
 * checkboxes may not carry (axe: aria-allowed-attr, critical); the label's asterisk and the rule say it instead.
 */
function SchemeChecks({ 'aria-required': _required, ...props }: GetProps<typeof Checkbox.Group> & AriaRequired) {
  return <Checkbox.Group {...props} />;
}
type AriaRequired = { 'aria-required'?: boolean | 'true' | 'false' };

const TIME_ZONES: string[] = (() => {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['Asia/Shanghai', 'UTC', ...known.filter((z) => z !== 'Asia/Shanghai' && z !== 'UTC')];
})();

/** The classification policy: schemes, maximum periods, clearance mapping, review and grant limits, emergency access. */
export function PolicyCard({ settings, manage }: { settings: ClassificationSettings; manage: boolean }) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const [form] = Form.useForm<ClassificationPolicy>();
  const [conflict, setConflict] = useState(false);
  const schemes = Form.useWatch('schemes', form) ?? settings.policy.schemes;
  const emergency = Form.useWatch('emergencyEnabled', form);
  useEffect(() => {
    form.setFieldsValue(settings.policy);
  }, [settings.policyVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = useMutation({
    mutationFn: (p: ClassificationPolicy) => api.classification.savePolicy(settings.policyVersion, p),
    onSuccess: (s) => {
      setConflict(false);
      qc.setQueryData(SETTINGS_KEY, s);
      showSuccess(t('clsSettings.saved'));
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        setConflict(true);
        await qc.invalidateQueries({ queryKey: SETTINGS_KEY });
      }
    },
    meta: { quiet: ['stale_version'] },
  });

  const inUse = (l: LevelInfo) => l.scheme === null || schemes.includes(l.scheme);
  const classifiedInUse = settings.levels.filter((l) => l.classified && inUse(l));
  const columns: TableProps<LevelInfo>['columns'] = [
    { title: t('clsSettings.levels'), key: 'level', render: (_: unknown, l) => <LevelTag level={l.code} /> },
    {
      title: t('clsSettings.scheme'),
      dataIndex: 'scheme',
      render: (s: LevelScheme | null) => (s ? t(`scheme.${s}`) : '—'),
    },
    { title: t('clsSettings.rank'), dataIndex: 'rank', width: 70 },
    {
      title: t('clsSettings.inUse'),
      key: 'inUse',
      width: 80,
      render: (_: unknown, l) => (inUse(l) ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    {
      title: t('clsSettings.maxYears'),
      key: 'maxYears',
      render: (_: unknown, l) =>
        l.classified ? (
          <Form.Item
            name={['maxYears', l.code as MaxYearsLevel]}
            noStyle
            rules={[{ required: true }, { type: 'number', min: 1, max: 100 }]}
          >
            <InputNumber
              min={1}
              max={100}
              precision={0}
              size="small"
              disabled={!manage}
              aria-label={`${t(`level.${l.code}`)} ${t('clsSettings.maxYears')}`}
              data-testid={`cls-policy-maxYears-${l.code}`}
            />
          </Form.Item>
        ) : (
          t('clsSettings.openLevel')
        ),
    },
  ];

  return (
    <Form<ClassificationPolicy>
      form={form}
      layout="vertical"
      disabled={!manage}
      initialValues={settings.policy}
      onFinish={(v) => save.mutate(v)}
      data-testid="cls-policy-form"
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setConflict(false) }}
          title={t('clsSettings.conflict')}
          style={{ marginBottom: 16 }}
          data-testid="cls-policy-conflict"
        />
      )}
      <Card size="small" title={t('clsSettings.levelsTable')} style={{ marginBottom: 16 }}>
        <Form.Item name="schemes" label={t('clsSettings.schemes')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <SchemeChecks
            data-testid="cls-policy-schemes"
            options={LEVEL_SCHEMES.map((s) => ({ value: s, label: t(`scheme.${s}`) }))}
          />
        </Form.Item>
        {/* Outside the form's disabled state, so a read-only view keeps the level colours; the inputs disable themselves. */}
        <ConfigProvider componentDisabled={false}>
          <Table<LevelInfo>
            rowKey="code"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={settings.levels}
          />
        </ConfigProvider>
      </Card>
      <Card size="small" title={t('clsSettings.clearance')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {CLEARANCE_CLASSES.map((c) => (
            <Col xs={24} md={8} key={c}>
              <Form.Item name={['clearance', c]} label={t(`identity:clearance.${c}`)} rules={[{ required: true }]}>
                <Select
                  data-testid={`cls-policy-clearance-${c}`}
                  options={classifiedInUse.map((l) => ({ value: l.code, label: t(`level.${l.code}`) }))}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Card>
      <Card size="small" title={t('clsSettings.limits')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {NUMBERS.map(([name, min, max]) => (
            <Col xs={24} md={12} key={name}>
              <Form.Item
                name={name}
                label={t(`clsSettings.${name}`)}
                extra={`${min} – ${max}`}
                rules={[{ required: true }, { type: 'number', min, max }]}
              >
                <InputNumber
                  min={min}
                  max={max}
                  precision={0}
                  style={{ width: '100%' }}
                  disabled={!manage || (name === 'emergencyHours' && !emergency)}
                  data-testid={`cls-policy-${name}`}
                />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24} md={12}>
            <Form.Item name="emergencyEnabled" label={t('clsSettings.emergencyEnabled')} valuePropName="checked">
              <Switch data-testid="cls-policy-emergencyEnabled" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="timeZone"
              label={t('clsSettings.timeZone')}
              extra={t('clsSettings.timeZoneHint')}
              rules={[{ required: true }]}
            >
              <Select
                showSearch
                options={TIME_ZONES.map((z) => ({ value: z, label: z }))}
                data-testid="cls-policy-timeZone"
              />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      {manage && (
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="cls-policy-save">
            {t('common.save')}
          </Button>
          <Button onClick={() => form.setFieldsValue(settings.policy)}>{t('common.reset')}</Button>
          <Typography.Text type="secondary">
            {t('common.version')}: {settings.policyVersion}
          </Typography.Text>
        </Space>
      )}
    </Form>
  );
}
