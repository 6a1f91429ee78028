import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../app/contracts.js';

function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/**
 * What a request asks and what its target shows, as they are: for a type no module gives its own view of
 * (`WebRequestType.details`).
 */
export function PayloadView({ request: r }: { request: RequestDetail }) {
  const { t } = useTranslation('approvals');
  const payload = Object.entries(r.payload);
  const details = Object.entries(r.targetDetails ?? {});
  return (
    <>
      {payload.length > 0 && (
        <Card size="small" title={t('approval.payload')}>
          <Descriptions size="small" column={1} data-testid="approval-payload">
            {payload.map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {shown(v)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      {details.length > 0 && (
        <Card size="small" title={t('approval.targetDetails')}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="approval-target-details">
            {details.map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {shown(v)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
    </>
  );
}
