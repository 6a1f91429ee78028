import { Alert, Descriptions, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditVerifyResult } from '../contracts.js';

export function AuditVerifyModal({ result, onClose }: { result: AuditVerifyResult | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={result !== null} title={t('audit.verifyTitle')} onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: 'none' } }}>
      {result && (
        <div data-testid="audit-verify-result">
          <Alert type={result.ok ? 'success' : 'error'} showIcon message={result.ok ? t('audit.verifyOk') : t('audit.verifyBroken')} style={{ marginBottom: 16 }} />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('audit.eventsChecked')}>{result.eventsChecked}</Descriptions.Item>
            <Descriptions.Item label={t('audit.headSeq')}>{result.headSeq}</Descriptions.Item>
            <Descriptions.Item label={t('audit.checkpointsChecked')}>{result.checkpointsChecked}</Descriptions.Item>
            <Descriptions.Item label={t('audit.algorithm')}>{result.algorithm}</Descriptions.Item>
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
