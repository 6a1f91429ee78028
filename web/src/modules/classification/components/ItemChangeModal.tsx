import { useEffect } from 'react';
import { Alert, Form, Input, Modal, Radio, Select, Tag, type ButtonProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { type ItemChangeBody, type ItemDetail, type Level } from '../../../app/contracts.js';
import { rankOf } from '../../../../../src/kernel/levels.js';
import { DECLASSIFY_REASONS } from '../../../../../src/kernel/secret-item.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDate } from '../../../app/format.js';
import { periodText, useClassificationSettings, useClearanceRank } from './common.js';
import { TERM_DEFAULTS, TermFields, termOf, type TermValues } from './TermFields.js';
import { ScopeEditor, toEntries, type ScopeItem } from './ScopeEditor.js';

/** Declassification reasons a person may choose (expiry is the scheduler's). */
const DECLASSIFY_CHOICES = DECLASSIFY_REASONS.filter((r) => r !== 'expired');

export type ChangeType = 'reclassify' | 'extend' | 'declassify' | 'rescope';

interface Values extends TermValues {
  level?: Level;
  declassifyReason?: (typeof DECLASSIFY_CHOICES)[number];
  scope?: ScopeItem[];
  reason: string;
}

export function directionOf(from: Level, to: Level): 'upgrade' | 'downgrade' | 'lateral' {
  const d = rankOf(to) - rankOf(from);
  return d > 0 ? 'upgrade' : d < 0 ? 'downgrade' : 'lateral';
}

/** Requests a reclassification (upgrade/downgrade), an extension, a declassification or a wider scope; the approval chain decides. */
export function ItemChangeModal({
  item,
  type,
  onClose,
}: {
  item: ItemDetail;
  type: ChangeType | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const settings = useClassificationSettings();
  const clearance = useClearanceRank();
  const [form] = Form.useForm<Values>();
  const level = Form.useWatch('level', form);
  useEffect(() => {
    if (!type) return;
    form.resetFields();
    // A scope request starts from the scope as it is: the person adds to it.
    if (type === 'rescope') form.setFieldValue('scope', item.scope);
    // Only when the modal opens: a background refetch of the item must not wipe what the person entered.
  }, [type]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = useMutation({
    mutationFn: (v: Values) => {
      let body: ItemChangeBody;
      if (type === 'reclassify') body = { type, reason: v.reason.trim(), level: v.level!, ...termOf(v) };
      else if (type === 'extend')
        body = { type, reason: v.reason.trim(), period: termOf({ ...v, termKind: 'period' }).period! };
      else if (type === 'rescope') body = { type, reason: v.reason.trim(), scope: toEntries(v.scope ?? []) };
      else body = { type: 'declassify', reason: v.reason.trim(), declassifyReason: v.declassifyReason ?? 'decision' };
      return api.items.requestChange(item.id, body);
    },
    onSuccess: async () => {
      showSuccess(t('change.submitted'));
      await qc.invalidateQueries({ queryKey: ['items'] });
      await qc.invalidateQueries({ queryKey: ['requests'] });
      onClose();
    },
  });

  const levels = (settings.data?.levels ?? []).filter((l) => l.inUse && l.classified && l.code !== item.level);
  const maxYears = (code: Level | undefined) => settings.data?.levels.find((l) => l.code === code)?.maxYears ?? null;
  const dir = level ? directionOf(item.level, level) : null;

  return (
    <Modal
      open={type !== null}
      title={type ? t('change.title', { type: t(`requestType.classification.${type}`) }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      confirmLoading={submit.isPending}
      okButtonProps={{ 'data-testid': 'change-submit', danger: type === 'declassify' } as ButtonProps}
      forceRender
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ ...TERM_DEFAULTS, declassifyReason: 'decision' }}
        onFinish={(v) => submit.mutate(v)}
      >
        {type === 'reclassify' && (
          <>
            <Form.Item
              name="level"
              label={t('change.newLevel')}
              rules={[{ required: true }]}
              extra={
                dir ? (
                  <Tag color={dir === 'upgrade' ? 'red' : dir === 'downgrade' ? 'green' : 'default'}>
                    {t(`change.${dir}`)}
                  </Tag>
                ) : undefined
              }
            >
              <Select
                data-testid="change-level"
                options={levels.map((l) => ({
                  value: l.code,
                  label: t(`level.${l.code}`),
                  disabled: rankOf(l.code) > clearance,
                }))}
              />
            </Form.Item>
            <TermFields maxYears={maxYears(level)} prefix="change" />
          </>
        )}
        {type === 'extend' && (
          <>
            {item.period ? (
              <Alert
                type="info"
                showIcon
                title={t('change.currentPeriod', { p: periodText(t, item.period), until: fmtDate(item.secrecyUntil) })}
                style={{ marginBottom: 16 }}
              />
            ) : (
              <Alert type="warning" showIcon title={t('change.noPeriod')} style={{ marginBottom: 16 }} />
            )}
            <TermFields
              maxYears={maxYears(item.level)}
              periodOnly
              periodLabel={t('change.newPeriod')}
              prefix="change"
            />
          </>
        )}
        {type === 'rescope' && (
          <>
            <Alert type="info" showIcon title={t('change.scopeHint')} style={{ marginBottom: 16 }} />
            <Form.Item name="scope" label={t('change.newScope')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <ScopeEditor />
            </Form.Item>
          </>
        )}
        {type === 'declassify' && (
          <Form.Item name="declassifyReason" label={t('change.declassifyReason')}>
            <Radio.Group
              data-testid="change-declassify-reason"
              options={DECLASSIFY_CHOICES.map((r) => ({ value: r, label: t(`declassifyReason.${r}`) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('change.reason')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="change-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
