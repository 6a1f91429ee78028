import { Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { AuditEvent } from '../../../app/contracts.js';
import type { useAuditDictionary } from '../dictionary.js';

/** The role recorded with an event in words (`system`: the jobs' own events). */
export function roleText(t: TFunction, role: string | null): string {
  if (!role) return '—';
  return role === 'system' ? t('audit:role.system') : t(`identity:role.${role}`, { defaultValue: role });
}

/**
 * The event's object: by number and title, or a person's name, linked to its page where the owning module
 * lets the viewer see it (the server decides); otherwise only its type and a short id, never a title.
 */
export function AuditTarget({ event: e, words }: { event: AuditEvent; words: ReturnType<typeof useAuditDictionary> }) {
  if (!e.targetType) return <>—</>;
  const type = words.targetTypeName(e.targetType);
  if (e.target)
    return (
      <Link to={e.target.link} data-testid="audit-target-link">
        {type} {e.target.text?.[words.lang] ?? e.target.label}
      </Link>
    );
  return (
    <Tooltip title={e.targetId ?? undefined}>
      <span>
        {type}
        {e.targetId && (
          <Typography.Text type="secondary" style={{ marginLeft: 4 }}>
            {e.targetId.slice(0, 8)}
          </Typography.Text>
        )}
      </span>
    </Tooltip>
  );
}
