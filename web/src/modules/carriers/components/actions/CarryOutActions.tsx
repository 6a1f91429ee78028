import { Alert, DatePicker, Form, Input, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { fmtDate } from '../../../../app/format.js';
import { ActionModal } from '../ActionModal.js';
import { HANDLERS_KEY, useCarrierSettings } from '../common.js';
import { CountFields, countBody, countDefaults, dateOf, type CountValues } from './fields.js';
import type { ActionProps } from './RegisterActions.js';

interface CarryOutValues {
  bearerId: string;
  destination: string;
  purpose: string;
  returnOn: Dayjs;
}

/**
 * Asks to carry the carrier out (外出携带, CAR-12): carried by one of its department's designated carry-out
 * handlers, to a named destination (never a home or public place), back by a date within the longest trip; the
 * leader in charge approves.
 */
export function CarryOutModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  const settings = useCarrierSettings();
  const handlers = useQuery({
    queryKey: [...HANDLERS_KEY, 'list', c.departmentId],
    queryFn: () => api.handlers.list(c.departmentId),
    enabled: open,
  });
  const bearers = (handlers.data?.items ?? []).filter((h) => h.duty === 'carry_out');
  const maxDays = settings.data?.settings.maxCarryOutDays;
  const latest = maxDays !== undefined ? dayjs().startOf('day').add(maxDays, 'day') : undefined;
  return (
    <ActionModal<CarryOutValues>
      carrier={c}
      name="carry-out"
      open={open}
      onClose={onClose}
      title={t('action.carryOutTitle', { number: c.number })}
      okText={t('action.submitRequest')}
      done={t('action.requested')}
      submit={(v) =>
        api.requests.carryOut(c.id, {
          version: c.version,
          bearerId: v.bearerId,
          destination: v.destination.trim(),
          purpose: v.purpose.trim(),
          returnOn: dateOf(v.returnOn)!,
        })
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.carryOutHint')} />
      <Form.Item
        name="bearerId"
        label={t('where.bearer')}
        rules={[{ required: true }]}
        extra={handlers.isSuccess && bearers.length === 0 ? t('action.noBearer') : t('action.bearerHint')}
      >
        <Select
          loading={handlers.isLoading}
          data-testid="carrier-carry-out-bearer"
          options={bearers.map((h) => ({ value: h.userId, label: h.displayName }))}
        />
      </Form.Item>
      <Form.Item
        name="destination"
        label={t('where.destination')}
        extra={t('action.destinationHint')}
        rules={[{ required: true, whitespace: true, max: 200 }]}
      >
        <Input maxLength={200} data-testid="carrier-carry-out-destination" />
      </Form.Item>
      <Form.Item name="purpose" label={t('where.purpose')} rules={[{ required: true, whitespace: true, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="carrier-carry-out-purpose" />
      </Form.Item>
      <Form.Item
        name="returnOn"
        label={t('where.returnOn')}
        rules={[{ required: true }]}
        extra={
          latest ? t('action.returnLatest', { days: maxDays, date: fmtDate(latest.format('YYYY-MM-DD')) }) : undefined
        }
      >
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => d.isBefore(dayjs().startOf('day')) || (!!latest && d.isAfter(latest))}
          data-testid="carrier-carry-out-return-on"
        />
      </Form.Item>
    </ActionModal>
  );
}

/** Records that an approved carry-out has left (携带出发). */
export function DepartModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  if (!c.carryOut) return null;
  const co = c.carryOut;
  return (
    <ActionModal<object>
      carrier={c}
      name="depart"
      open={open}
      onClose={onClose}
      title={t('action.departTitle', { number: c.number })}
      okText={t('action.depart')}
      done={t('action.departed')}
      submit={() => api.movements.depart(c.id, co.id, c.version)}
    >
      <Alert
        type="info"
        showIcon
        title={t('action.departHint', { name: co.bearerName, place: co.destination, date: fmtDate(co.returnOn) })}
      />
    </ActionModal>
  );
}

/** Receives a carried-out carrier back in its department (交回), counted against the register. */
export function CarryBackModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  if (!c.carryOut) return null;
  const co = c.carryOut;
  return (
    <ActionModal<CountValues>
      carrier={c}
      name="carry-back"
      open={open}
      onClose={onClose}
      title={t('action.carryBackTitle', { number: c.number, name: co.bearerName })}
      okText={t('action.carry_back')}
      done={t('action.carriedBack')}
      initialValues={countDefaults(c)}
      submit={(v) => api.movements.carryBack(c.id, co.id, { version: c.version, ...countBody(v) })}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.carryBackHint')} />
      <CountFields carrier={c} name="carry-back" />
    </ActionModal>
  );
}

/** Cancels an approved carry-out that will not leave: the carrier is free again and the bearer holds it no more. */
export function CancelCarryOutModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  if (!c.carryOut) return null;
  const co = c.carryOut;
  return (
    <ActionModal<object>
      carrier={c}
      name="cancel-carry-out"
      open={open}
      onClose={onClose}
      title={t('action.cancelCarryOutTitle', { number: c.number })}
      okText={t('action.cancel_carry_out')}
      done={t('action.carryOutCancelled')}
      submit={() => api.movements.cancelCarryOut(c.id, co.id, c.version)}
    >
      <Alert
        type="warning"
        showIcon
        title={t('action.cancelCarryOutHint', { name: co.bearerName, place: co.destination })}
      />
    </ActionModal>
  );
}
