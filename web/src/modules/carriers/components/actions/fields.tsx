import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Level } from '../../../../app/contracts.js';
import { CHANNELS, SECURE_CHANNELS, type Channel } from '../../../../../../src/kernel/carriers.js';
import type { CarrierDetail } from '../../contracts.js';
import { locationFits, locationLabel, useLocations } from '../common.js';

/** A date picked in a form, as the API takes it (a calendar date). */
export const dateOf = (d: Dayjs | null | undefined): string | null => (d ? d.format('YYYY-MM-DD') : null);

/**
 * A channel for a classified carrier: the secure ones, and the unsecured ones shown but not allowed (plain phone,
 * fax, 明电, ordinary mail, e-mail; CAR-21), so the person sees why they are missing.
 */
export function ChannelSelect({
  value,
  onChange,
  testid,
}: {
  value?: Channel;
  onChange?: (c: Channel) => void;
  testid: string;
}) {
  const { t } = useTranslation('carriers');
  return (
    <Select<Channel>
      value={value}
      onChange={onChange}
      data-testid={testid}
      options={CHANNELS.map((c) => {
        const secure = SECURE_CHANNELS.includes(c);
        return {
          value: c,
          disabled: !secure,
          label: secure ? t(`channel.${c}`) : t('action.unsecuredChannel', { channel: t(`channel.${c}`) }),
        };
      })}
    />
  );
}

/** A registered location in use that may hold this level (a safe graded for it). */
export function LocationSelect({
  level,
  value,
  onChange,
  testid,
}: {
  level: Level;
  value?: string;
  onChange?: (id: string) => void;
  testid: string;
}) {
  const { t } = useTranslation('carriers');
  const locations = useLocations();
  return (
    <Select<string>
      value={value}
      onChange={onChange}
      loading={locations.isLoading}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid={testid}
      options={(locations.data?.items ?? [])
        .filter((l) => locationFits(l, level))
        .map((l) => ({
          value: l.id,
          label: l.maxLevel
            ? `${locationLabel(l)} · ${t('location.upTo', { level: t(`level.${l.maxLevel}`) })}`
            : locationLabel(l),
        }))}
    />
  );
}

/** Counted pages and pieces of a carrier coming back, and the note a count that differs from the register needs. */
export interface CountValues {
  pages?: number | null;
  quantity: number;
  note?: string;
}

export const countDefaults = (c: CarrierDetail): CountValues => ({ pages: c.pages, quantity: c.quantity ?? 1 });

export const countBody = (v: CountValues) => ({
  pages: v.pages ?? null,
  quantity: v.quantity,
  note: v.note?.trim() || null,
});

export function CountFields({ carrier: c, name }: { carrier: CarrierDetail; name: string }) {
  const { t } = useTranslation('carriers');
  const pages = Form.useWatch<number | null | undefined>('pages');
  const quantity = Form.useWatch<number | undefined>('quantity');
  const differs = (c.pages !== null && pages !== c.pages) || (quantity !== undefined && quantity !== c.quantity);
  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="pages"
            label={t('action.countedPages')}
            extra={c.pages !== null ? t('action.registered', { n: c.pages }) : undefined}
          >
            <InputNumber
              min={1}
              max={100_000}
              precision={0}
              disabled={c.pages === null}
              data-testid={`carrier-${name}-pages`}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="quantity"
            label={t('action.countedQuantity')}
            extra={t('action.registered', { n: c.quantity ?? '—' })}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100_000} precision={0} data-testid={`carrier-${name}-quantity`} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="note"
        label={t('carrier.note')}
        extra={differs ? t('action.differsHint') : undefined}
        rules={[{ required: differs, whitespace: true, message: t('action.noteRequired') }, { max: 500 }]}
      >
        <Input.TextArea rows={2} maxLength={500} data-testid={`carrier-${name}-note`} />
      </Form.Item>
    </>
  );
}
