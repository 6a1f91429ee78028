import { Alert, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ActionModal } from '../ActionModal.js';
import { PeopleField } from '../PeopleField.js';
import { dateOf } from './fields.js';
import type { ActionProps } from './RegisterActions.js';

interface CirculateValues {
  readerIds: string[];
  dueOn: Dayjs;
}

/** Circulates the carrier (传阅) to named readers within its scope, each to sign off by the due date. */
export function CirculateModal({ carrier: c, open, onClose, onShowOutside }: ActionProps) {
  const { t } = useTranslation('carriers');
  return (
    <ActionModal<CirculateValues>
      carrier={c}
      name="circulate"
      open={open}
      onClose={onClose}
      onShowOutside={onShowOutside}
      title={t('action.circulateTitle', { number: c.number })}
      okText={t('action.circulate')}
      done={t('action.circulated')}
      initialValues={{ readerIds: [] }}
      submit={(v) =>
        api.movements.circulate(c.id, { version: c.version, readerIds: v.readerIds, dueOn: dateOf(v.dueOn)! })
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.circulateHint')} />
      <Form.Item
        name="readerIds"
        label={t('where.readers')}
        rules={[{ required: true, type: 'array', min: 1, message: t('action.readersRequired') }]}
      >
        <PeopleField
          testid="carrier-circulate-readers"
          eligible={{ for: 'custodian', level: c.level }}
          exclude={[c.custodianId]}
        />
      </Form.Item>
      <Form.Item name="dueOn" label={t('where.dueOn')} rules={[{ required: true }]}>
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
          data-testid="carrier-circulate-due"
        />
      </Form.Item>
    </ActionModal>
  );
}

/** A reader signs off the circulation (签阅); the last signature closes it. */
export function SignCirculationModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  if (!c.circulation) return null;
  const circulationId = c.circulation.id;
  return (
    <ActionModal<object>
      carrier={c}
      name="sign-circulation"
      open={open}
      onClose={onClose}
      title={t('action.signCirculationTitle', { number: c.number })}
      okText={t('action.sign_circulation')}
      done={t('action.circulationSigned')}
      submit={() => api.movements.signCirculation(c.id, circulationId, c.version)}
    >
      <Alert type="info" showIcon title={t('action.signCirculationHint')} />
    </ActionModal>
  );
}

interface ShowOutsideValues {
  personIds: string[];
  reason: string;
}

/** Asks a leader's permission to show the carrier to people outside its scope (范围外知悉, CAR-05). */
export function ShowOutsideModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  return (
    <ActionModal<ShowOutsideValues>
      carrier={c}
      name="show-outside"
      open={open}
      onClose={onClose}
      title={t('action.showOutsideTitle', { number: c.number })}
      okText={t('action.submitRequest')}
      done={t('action.requested')}
      initialValues={{ personIds: [] }}
      submit={(v) =>
        api.requests.showOutside(c.id, { version: c.version, personIds: v.personIds, reason: v.reason.trim() })
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.showOutsideHint')} />
      <Form.Item
        name="personIds"
        label={t('action.people')}
        rules={[{ required: true, type: 'array', min: 1, message: t('action.peopleRequired') }]}
      >
        <PeopleField testid="carrier-show-outside-people" eligible={{ for: 'custodian', level: c.level }} />
      </Form.Item>
      <Form.Item name="reason" label={t('action.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="carrier-show-outside-reason" />
      </Form.Item>
    </ActionModal>
  );
}
