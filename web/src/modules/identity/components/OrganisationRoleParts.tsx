import { Alert, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { personLabel } from './PersonPicker.js';
import type { RolePerson } from './useOrganisationRoles.js';

/** Pieces both role cards show: a role holder (with a status other than active) and a stale-version warning. */

export function Person({ p, testid }: { p: RolePerson; testid?: string }) {
  const { t } = useTranslation('identity');
  return (
    <span data-testid={testid}>
      {personLabel(p)}
      {p.status !== 'active' && (
        <Tag color="default" style={{ marginInlineStart: 8 }}>
          {t(`status.${p.status}`)}
        </Tag>
      )}
    </span>
  );
}

export function Conflict({ text, onClose }: { text: string; onClose: () => void }) {
  return text ? (
    <Alert type="warning" showIcon closable message={text} onClose={onClose} data-testid="org-conflict" />
  ) : null;
}
