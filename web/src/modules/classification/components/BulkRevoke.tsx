import { useState } from 'react';
import { Button, Input, Modal, Typography, type ButtonProps } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { GrantListItem } from '../../../app/contracts.js';
import { useBulk } from '../../../shared/bulk.js';

/**
 * Revoking (or, one's own, giving back) the chosen grants: each through the one revoke endpoint in turn (its own
 * check, audit and notice, as if revoked one by one), with one reason for all; the outcome is told per grant.
 */
export function BulkRevoke({ rows, clear, own }: { rows: GrantListItem[]; clear: () => void; own: boolean }) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const bulk = useBulk();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (!reason.trim()) return;
    await bulk.run(
      rows,
      (g) => api.grants.revoke(g.id, g.version, reason.trim()),
      (g) => `${g.itemNumber} · ${g.granteeName ?? ''}`,
    );
    setOpen(false);
    clear();
    await qc.invalidateQueries({ queryKey: ['grants'] });
    await qc.invalidateQueries({ queryKey: ['items'] });
  };
  return (
    <>
      <Button
        size="small"
        danger
        icon={<StopOutlined />}
        disabled={rows.length === 0}
        onClick={() => {
          setReason('');
          setOpen(true);
        }}
        data-testid="grants-bulk-revoke"
      >
        {own ? t('grant.bulkGiveBack') : t('grant.bulkRevoke')}
      </Button>
      <Modal
        open={open}
        title={own ? t('grant.bulkGiveBackTitle', { n: rows.length }) : t('grant.bulkRevokeTitle', { n: rows.length })}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={bulk.pending}
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'grants-bulk-submit' } as ButtonProps}
      >
        <Typography.Paragraph type="secondary">{t('grant.bulkReasonHint')}</Typography.Paragraph>
        <Typography.Paragraph>{rows.map((g) => g.itemNumber).join('、')}</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-label={t('grant.revokeReason')}
          placeholder={t('grant.revokeReason')}
          data-testid="grants-bulk-reason"
        />
      </Modal>
    </>
  );
}
