import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ActionModal } from '../ActionModal.js';
import { UserPicker } from '../shared.js';
import { LocationSelect } from './fields.js';
import type { ActionProps } from './RegisterActions.js';

interface TransferValues {
  custodianId: string;
  locationId: string;
  reason: string;
}

/**
 * Hands the carrier to a new custodian (移交保管) and location: someone active and cleared for its level, a location
 * that may hold it. The ledger keepers of its department (or the security office) do this.
 */
export function TransferModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  return (
    <ActionModal<TransferValues>
      carrier={c}
      name="transfer"
      open={open}
      onClose={onClose}
      title={t('action.transferTitle', { number: c.number })}
      okText={t('action.transfer')}
      done={t('action.transferred')}
      initialValues={{ locationId: c.locationId }}
      submit={(v) =>
        api.movements.transfer(c.id, {
          version: c.version,
          custodianId: v.custodianId,
          locationId: v.locationId,
          reason: v.reason.trim(),
        })
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('action.transferHint', { name: c.custodianName })}
      />
      <Form.Item name="custodianId" label={t('action.newCustodian')} rules={[{ required: true }]}>
        <UserPicker testid="carrier-transfer-custodian" eligible={{ for: 'custodian', level: c.level }} />
      </Form.Item>
      <Form.Item name="locationId" label={t('carrier.location')} rules={[{ required: true }]}>
        <LocationSelect level={c.level} testid="carrier-transfer-location" />
      </Form.Item>
      <Form.Item name="reason" label={t('action.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="carrier-transfer-reason" />
      </Form.Item>
    </ActionModal>
  );
}

interface ReasonValues {
  reason: string;
}

/** Asks to archive the carrier (归档, CAR-13) after the leader has read it: the department head approves. */
export function ArchiveModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  return (
    <ActionModal<ReasonValues>
      carrier={c}
      name="archive"
      open={open}
      onClose={onClose}
      title={t('action.archiveTitle', { number: c.number })}
      okText={t('action.submitRequest')}
      done={t('action.requested')}
      submit={(v) => api.requests.archive(c.id, { version: c.version, reason: v.reason.trim() })}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.archiveHint')} />
      <Form.Item name="reason" label={t('action.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="carrier-archive-reason" />
      </Form.Item>
    </ActionModal>
  );
}
