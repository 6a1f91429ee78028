import { Alert, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { RANK, rankOf } from '../../../../../../src/kernel/levels.js';
import { fmtDate } from '../../../../app/format.js';
import { ActionModal } from '../ActionModal.js';
import { useCarrierSettings } from '../common.js';
import { UserPicker } from '../shared.js';
import { CountFields, countBody, countDefaults, dateOf, type CountValues } from './fields.js';
import type { ActionProps } from './RegisterActions.js';

/** The loan period of this level (秘密 / 机密 / 绝密 tiers of the settings), in days. */
function useLoanDays(level: Parameters<typeof rankOf>[0]): number | undefined {
  const settings = useCarrierSettings();
  const days = settings.data?.settings.loanDays;
  if (!days) return undefined;
  const rank = rankOf(level);
  return rank >= RANK.top_secret ? days.top_secret : rank >= RANK.secret ? days.secret : days.confidential;
}

interface LendValues {
  borrowerId: string;
  dueOn?: Dayjs | null;
}

/**
 * Lends the carrier (借出) to someone cleared for its level who may already know it; the due date is the policy's
 * for its level unless an earlier one is chosen. Someone outside its scope needs showing it outside first.
 */
export function LendModal({ carrier: c, open, onClose, onShowOutside }: ActionProps) {
  const { t } = useTranslation('carriers');
  const days = useLoanDays(c.level);
  const latest = days !== undefined ? dayjs().startOf('day').add(days, 'day') : undefined;
  return (
    <ActionModal<LendValues>
      carrier={c}
      name="lend"
      open={open}
      onClose={onClose}
      onShowOutside={onShowOutside}
      title={t('action.lendTitle', { number: c.number })}
      okText={t('action.lend')}
      done={t('action.lent')}
      submit={(v) => api.movements.lend(c.id, { version: c.version, borrowerId: v.borrowerId, dueOn: dateOf(v.dueOn) })}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.lendHint')} />
      <Form.Item name="borrowerId" label={t('where.borrower')} rules={[{ required: true }]}>
        <UserPicker testid="carrier-lend-borrower" eligible={{ for: 'custodian', level: c.level }} />
      </Form.Item>
      <Form.Item
        name="dueOn"
        label={t('where.dueOn')}
        extra={latest ? t('action.dueDefault', { days, date: fmtDate(latest.format('YYYY-MM-DD')) }) : undefined}
      >
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => d.isBefore(dayjs().startOf('day')) || (!!latest && d.isAfter(latest))}
          data-testid="carrier-lend-due"
        />
      </Form.Item>
    </ActionModal>
  );
}

/** Takes the carrier back from its borrower (归还), its pages and pieces counted against the register. */
export function ReturnModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  if (!c.loan) return null;
  const loanId = c.loan.id;
  return (
    <ActionModal<CountValues>
      carrier={c}
      name="return"
      open={open}
      onClose={onClose}
      title={t('action.returnTitle', { number: c.number, name: c.loan.borrowerName })}
      okText={t('action.return')}
      done={t('action.returned')}
      initialValues={countDefaults(c)}
      submit={(v) => api.movements.returnLoan(c.id, loanId, { version: c.version, ...countBody(v) })}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.returnHint')} />
      <CountFields carrier={c} name="return" />
    </ActionModal>
  );
}

interface ExtendValues {
  dueOn: Dayjs;
  reason: string;
}

/** The borrower asks for more time (续借): a request the custodian approves. */
export function ExtendModal({ carrier: c, open, onClose }: ActionProps) {
  const { t } = useTranslation('carriers');
  const days = useLoanDays(c.level);
  if (!c.loan) return null;
  const loan = c.loan;
  const due = dayjs(loan.dueOn);
  const latest = days !== undefined ? due.add(days, 'day') : undefined;
  return (
    <ActionModal<ExtendValues>
      carrier={c}
      name="extend"
      open={open}
      onClose={onClose}
      title={t('action.extendTitle', { number: c.number })}
      okText={t('action.submitRequest')}
      done={t('action.requested')}
      submit={(v) =>
        api.requests.extendLoan(c.id, loan.id, {
          version: c.version,
          dueOn: dateOf(v.dueOn)!,
          reason: v.reason.trim(),
        })
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('action.extendHint', { due: fmtDate(loan.dueOn) })}
      />
      <Form.Item name="dueOn" label={t('action.newDueOn')} rules={[{ required: true }]}>
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => !d.isAfter(due) || (!!latest && d.isAfter(latest))}
          data-testid="carrier-extend-due"
        />
      </Form.Item>
      <Form.Item name="reason" label={t('action.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="carrier-extend-reason" />
      </Form.Item>
    </ActionModal>
  );
}
