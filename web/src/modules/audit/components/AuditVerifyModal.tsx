import { Alert, Descriptions, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditVerifyResult } from '../../../app/contracts.js';
import { fmtDateTime } from '../../../app/format.js';

export function AuditVerifyModal({ result, onClose }: { result: AuditVerifyResult | null; onClose: () => void }) {
  const { t } = useTranslation('audit');
  return (
    <Modal
      open={result !== null}
      title={t('audit.verifyTitle')}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      {result && (
        <div data-testid="audit-verify-result">
          <Alert
            // Accepting a damaged trail (a re-anchor) is never shown as plain success.
            type={!result.ok ? 'error' : result.reanchor ? 'warning' : 'success'}
            showIcon
            message={
              !result.ok
                ? t('audit.verifyBroken')
                : result.reanchor
                  ? t('audit.verifyOkReanchored')
                  : t('audit.verifyOk')
            }
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('audit.eventsChecked')}>{result.eventsChecked}</Descriptions.Item>
            <Descriptions.Item label={t('audit.headSeq')}>{result.headSeq}</Descriptions.Item>
            <Descriptions.Item label={t('audit.checkpointsChecked')}>{result.checkpointsChecked}</Descriptions.Item>
            <Descriptions.Item label={t('audit.algorithm')}>{result.algorithm}</Descriptions.Item>
            <Descriptions.Item label={t('audit.lastCheckpoint')}>
              {result.lastCheckpoint
                ? t('audit.lastCheckpointText', {
                    seq: result.lastCheckpoint.seq,
                    at: fmtDateTime(result.lastCheckpoint.at),
                  })
                : t('audit.noCheckpoint')}
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.unsignedTail')}>
              <span data-testid="audit-unsigned-tail">
                {result.unsignedTail
                  ? t('audit.unsignedTailText', {
                      events: result.unsignedTail.events,
                      from: fmtDateTime(result.unsignedTail.firstAt),
                      to: fmtDateTime(result.unsignedTail.lastAt),
                    })
                  : t('audit.unsignedNone')}
              </span>
            </Descriptions.Item>
            {result.archive && (
              <Descriptions.Item label={t('archive.verifyLabel')}>
                <span data-testid="audit-verify-archive">
                  {t(result.archive.verified ? 'archive.verified' : 'archive.notRead', {
                    first: result.archive.firstSeq,
                    last: result.archive.lastSeq,
                    segments: result.archive.segments,
                    from: fmtDateTime(result.archive.firstAt),
                    to: fmtDateTime(result.archive.lastAt),
                  })}
                </span>
              </Descriptions.Item>
            )}
            {result.reanchor && (
              <Descriptions.Item label={t('audit.reanchor')}>
                {t('audit.reanchorText', {
                  at: fmtDateTime(result.reanchor.at),
                  seq: result.reanchor.seq,
                  reason: result.reanchor.reason,
                  superseded: result.checkpointsSuperseded,
                })}
              </Descriptions.Item>
            )}
            {result.firstBreak && (
              <Descriptions.Item label={t('audit.firstBreak')}>
                #{result.firstBreak.seq} · {result.firstBreak.kind} · {result.firstBreak.message}
              </Descriptions.Item>
            )}
          </Descriptions>
        </div>
      )}
    </Modal>
  );
}
