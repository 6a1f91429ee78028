import { useState } from 'react';
import { Button, Input, Modal, Space, Typography, type ButtonProps } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { RequestListItem } from '../../../app/contracts.js';
import { useBulk } from '../../../shared/bulk.js';

type Decision = 'approve' | 'reject';

/**
 * Approving or rejecting the chosen requests: each through the one decision endpoint in turn (its own rules,
 * audit and notices, as if decided one by one), with one comment for all; the outcome is told per request.
 */
export function BulkDecide({ rows, clear }: { rows: RequestListItem[]; clear: () => void }) {
  const { t } = useTranslation('approvals');
  const qc = useQueryClient();
  const bulk = useBulk();
  const [open, setOpen] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');
  const start = (d: Decision) => {
    setComment('');
    setOpen(d);
  };
  const submit = async () => {
    if (!open) return;
    const decision = open;
    await bulk.run(
      rows,
      (r) => api.requests.decide(r.id, { version: r.version, decision, comment: comment.trim() || null }),
      (r) => r.number,
    );
    setOpen(null);
    clear();
    await qc.invalidateQueries({ queryKey: ['requests'] });
  };
  return (
    <>
      <Space size={4}>
        <Button
          size="small"
          type="primary"
          icon={<CheckOutlined />}
          disabled={rows.length === 0}
          onClick={() => start('approve')}
          data-testid="approvals-bulk-approve"
        >
          {t('approval.bulkApprove')}
        </Button>
        <Button
          size="small"
          danger
          icon={<CloseOutlined />}
          disabled={rows.length === 0}
          onClick={() => start('reject')}
          data-testid="approvals-bulk-reject"
        >
          {t('approval.bulkReject')}
        </Button>
      </Space>
      <Modal
        open={open !== null}
        title={
          open === 'reject'
            ? t('approval.bulkRejectTitle', { n: rows.length })
            : t('approval.bulkApproveTitle', { n: rows.length })
        }
        onCancel={() => setOpen(null)}
        onOk={() => void submit()}
        confirmLoading={bulk.pending}
        okButtonProps={{ danger: open === 'reject', 'data-testid': 'approvals-bulk-submit' } as ButtonProps}
      >
        <Typography.Paragraph type="secondary">{t('approval.bulkCommentHint')}</Typography.Paragraph>
        <Typography.Paragraph>{rows.map((r) => r.number).join('、')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={1000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-label={t('approval.comment')}
          placeholder={t('approval.commentPlaceholder')}
          data-testid="approvals-bulk-comment"
        />
      </Modal>
    </>
  );
}
