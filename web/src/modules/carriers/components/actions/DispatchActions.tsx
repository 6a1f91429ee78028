import { Alert, DatePicker, Form, Input, InputNumber } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import type { Channel } from '../../../../../../src/kernel/carriers.js';
import { ActionModal } from '../ActionModal.js';
import { UserPicker } from '../shared.js';
import { ChannelSelect, LocationSelect, dateOf } from './fields.js';
import type { ActionProps } from './RegisterActions.js';

interface DispatchValues {
  channel: Channel;
  counterpart: string;
  copies: number;
  note?: string;
}

/** Sends the carrier outside the unit (外发) by a secure channel; its receipt is recorded when it comes back. */
export function DispatchModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  const held = c.quantity ?? 1;
  return (
    <ActionModal<DispatchValues>
      carrier={c}
      name="dispatch"
      open={open}
      onClose={onClose}
      title={t('action.dispatchTitle', { number: c.number })}
      okText={t('action.dispatch')}
      done={t('action.dispatched')}
      initialValues={{ copies: held }}
      submit={(v) =>
        api.movements.dispatch(c.id, {
          version: c.version,
          channel: v.channel,
          counterpart: v.counterpart.trim(),
          copies: v.copies,
          note: v.note?.trim() || null,
        })
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.dispatchHint')} />
      <Form.Item name="channel" label={t('carrier.channel')} rules={[{ required: true }]}>
        <ChannelSelect testid="carrier-dispatch-channel" />
      </Form.Item>
      <Form.Item name="counterpart" label={t('where.to')} rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input maxLength={200} data-testid="carrier-dispatch-to" />
      </Form.Item>
      <Form.Item
        name="copies"
        label={t('carrier.copies')}
        rules={[{ required: true }]}
        extra={t('action.registered', { n: held })}
      >
        <InputNumber min={1} max={held} precision={0} data-testid="carrier-dispatch-copies" />
      </Form.Item>
      <Form.Item name="note" label={t('carrier.note')} rules={[{ max: 500 }]}>
        <Input maxLength={500} data-testid="carrier-dispatch-note" />
      </Form.Item>
    </ActionModal>
  );
}

interface ReceiptValues {
  signedByName: string;
  signedAt: Dayjs;
}

/** Records the receipt (回执) of a carrier dispatched outside the unit: who signed for it there, and when. */
export function ReceiptModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  if (!c.dispatch) return null;
  const dispatchId = c.dispatch.id;
  return (
    <ActionModal<ReceiptValues>
      carrier={c}
      name="receipt"
      open={open}
      onClose={onClose}
      title={t('action.receiptTitle', { number: c.number })}
      okText={t('common.save')}
      done={t('action.receiptRecorded')}
      initialValues={{ signedAt: dayjs() }}
      submit={(v) =>
        api.movements.receipt(c.id, dispatchId, {
          version: c.version,
          signedByName: v.signedByName.trim(),
          signedAt: dateOf(v.signedAt)!,
        })
      }
    >
      <Form.Item
        name="signedByName"
        label={t('action.signedBy')}
        rules={[{ required: true, whitespace: true, max: 100 }]}
      >
        <Input maxLength={100} data-testid="carrier-receipt-by" />
      </Form.Item>
      <Form.Item name="signedAt" label={t('action.signedOn')} rules={[{ required: true }]}>
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
          data-testid="carrier-receipt-on"
        />
      </Form.Item>
    </ActionModal>
  );
}

interface TransmitValues {
  recipientId: string;
  channel: Channel;
  note?: string;
}

/** Hands the carrier to someone inside the unit (内部传递), who signs for it on receipt. */
export function TransmitModal({ carrier: c, open, onClose, onShowOutside }: ActionProps) {
  const { t } = useTranslation('carriers');
  return (
    <ActionModal<TransmitValues>
      carrier={c}
      name="transmit"
      open={open}
      onClose={onClose}
      onShowOutside={onShowOutside}
      title={t('action.transmitTitle', { number: c.number })}
      okText={t('action.transmit')}
      done={t('action.transmitted')}
      initialValues={{ channel: 'by_hand' }}
      submit={(v) =>
        api.movements.transmit(c.id, {
          version: c.version,
          recipientId: v.recipientId,
          channel: v.channel,
          note: v.note?.trim() || null,
        })
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.transmitHint')} />
      <Form.Item name="recipientId" label={t('where.recipient')} rules={[{ required: true }]}>
        <UserPicker testid="carrier-transmit-recipient" eligible={{ for: 'custodian', level: c.level }} />
      </Form.Item>
      <Form.Item name="channel" label={t('carrier.channel')} rules={[{ required: true }]}>
        <ChannelSelect testid="carrier-transmit-channel" />
      </Form.Item>
      <Form.Item name="note" label={t('carrier.note')} rules={[{ max: 500 }]}>
        <Input maxLength={500} data-testid="carrier-transmit-note" />
      </Form.Item>
    </ActionModal>
  );
}

interface SignForValues {
  locationId: string;
  note?: string;
}

/** The recipient signs for a transmitted carrier (签收) and puts it in a location of theirs: it becomes theirs. */
export function SignForModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  if (!c.dispatch) return null;
  const dispatchId = c.dispatch.id;
  return (
    <ActionModal<SignForValues>
      carrier={c}
      name="sign-for"
      open={open}
      onClose={onClose}
      title={t('action.signForTitle', { number: c.number })}
      okText={t('action.sign_for')}
      done={t('action.signedFor')}
      submit={(v) =>
        api.movements.signFor(c.id, dispatchId, {
          version: c.version,
          locationId: v.locationId,
          note: v.note?.trim() || null,
        })
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.signForHint')} />
      <Form.Item name="locationId" label={t('carrier.location')} rules={[{ required: true }]}>
        <LocationSelect level={c.level} testid="carrier-sign-for-location" />
      </Form.Item>
      <Form.Item name="note" label={t('carrier.note')} rules={[{ max: 500 }]}>
        <Input maxLength={500} data-testid="carrier-sign-for-note" />
      </Form.Item>
    </ActionModal>
  );
}
