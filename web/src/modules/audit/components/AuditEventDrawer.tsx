import { Descriptions, Drawer, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../app/contracts.js';
import type { useAuditDictionary } from '../dictionary.js';
import { AuditTarget, roleText } from './AuditCells.js';

/** One event, readable: every field by name (codes beside them), and its details as indented JSON. */
export function AuditEventDrawer({
  event,
  words,
  onClose,
}: {
  event: AuditEvent | null;
  words: ReturnType<typeof useAuditDictionary>;
  onClose: () => void;
}) {
  const { t } = useTranslation('audit');
  const e = event;
  const code = (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—');
  return (
    <Drawer
      open={!!e}
      onClose={onClose}
      width={640}
      title={e ? `${t('audit.details')} #${e.seq}` : ''}
      destroyOnHidden
      data-testid="audit-event-drawer"
    >
      {e && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('audit.time')}>
            {/* The table's local time, the machine-readable instant beside it like the other codes. */}
            <span data-testid="audit-drawer-time">{words.localTime(e.at).text}</span> {code(words.localTime(e.at).iso)}
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.actor')}>
            {e.actorDisplayName ?? e.actorName ?? '—'} {e.actorName && code(e.actorName)}
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.actorRole')}>
            {roleText(t, e.actorRole)} {code(e.actorRole)}
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.action')}>
            {words.actionName(e.action)} {code(e.action)}
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.target')}>
            <AuditTarget event={e} words={words} /> {code(e.targetType)} {code(e.targetId)}
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.result')}>{t(`result.${e.result}`)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.ip')}>{e.ip ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('audit.requestId')}>{code(e.requestId)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.hash')}>
            <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>
              {e.hash}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.details')}>
            <pre
              style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}
              data-testid="audit-event-details"
            >
              {JSON.stringify(e.details ?? null, null, 2)}
            </pre>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Drawer>
  );
}
