import { Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { type PeriodUnit, type SecrecyPeriod } from '../../../app/contracts.js';
import { PERIOD_UNITS } from '../../../../../src/kernel/secrecy-period.js';

/** Form values of a secrecy term: a period (value + unit) or a declassification condition. */
export interface TermValues {
  termKind?: 'period' | 'condition';
  periodValue?: number | null;
  periodUnit?: PeriodUnit;
  condition?: string;
}

export const TERM_DEFAULTS: TermValues = { termKind: 'period', periodUnit: 'years' };

export function termOf(v: TermValues): { period: SecrecyPeriod | null; declassifyCondition: string | null } {
  if (v.termKind === 'condition') return { period: null, declassifyCondition: v.condition?.trim() ?? '' };
  return { period: { value: v.periodValue ?? 0, unit: v.periodUnit ?? 'years' }, declassifyCondition: null };
}

/**
 * Period or condition, inside a parent <Form>. The period is checked as the server does: whole years up to
 * the level's maximum, or 1-11 months. `periodOnly` hides the condition (extensions are periods).
 */
export function TermFields({
  maxYears,
  periodOnly = false,
  periodLabel,
  prefix = 'item',
}: {
  maxYears: number | null;
  periodOnly?: boolean;
  periodLabel?: string;
  prefix?: string;
}) {
  const { t } = useTranslation('classification');
  const kind = Form.useWatch<TermValues['termKind']>('termKind');
  const unit = Form.useWatch<PeriodUnit | undefined>('periodUnit');
  const max = unit === 'months' ? 11 : (maxYears ?? 100);
  const showPeriod = periodOnly || kind !== 'condition';
  return (
    <>
      {!periodOnly && (
        <Form.Item name="termKind" label={t('item.termKind')}>
          <Radio.Group data-testid={`${prefix}-term-kind`}>
            <Radio value="period">{t('item.termPeriod')}</Radio>
            <Radio value="condition">{t('item.termCondition')}</Radio>
          </Radio.Group>
        </Form.Item>
      )}
      {showPeriod ? (
        <Form.Item
          label={periodLabel ?? t('item.period')}
          required
          extra={unit === 'months' ? t('item.monthsHint') : maxYears ? t('item.maxYears', { n: maxYears }) : undefined}
        >
          <Space.Compact>
            <Form.Item
              name="periodValue"
              noStyle
              rules={[
                { required: true, message: t('common.required') },
                { type: 'number', min: 1, max },
              ]}
            >
              <InputNumber
                min={1}
                max={max}
                precision={0}
                style={{ width: 120 }}
                data-testid={`${prefix}-period-value`}
              />
            </Form.Item>
            <Form.Item name="periodUnit" noStyle>
              <Select
                style={{ width: 100 }}
                options={PERIOD_UNITS.map((u) => ({ value: u, label: t(`periodUnit.${u}`) }))}
                data-testid={`${prefix}-period-unit`}
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      ) : (
        <Form.Item
          name="condition"
          label={t('item.condition')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 500 }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid={`${prefix}-condition`} />
        </Form.Item>
      )}
    </>
  );
}
