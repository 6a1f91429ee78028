import { useState } from 'react';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useAbility } from '../../../app/auth.js';
import { PersonPicker, personLabel } from './PersonPicker.js';
import { useOrganisationRoles, useRoleChange } from './useOrganisationRoles.js';
import { Conflict, Person } from './OrganisationRoleParts.js';

/**
 * The roles of one department: its leader in charge (set by the security administrator) and its heads (the
 * people holding the department-head business role there, read-only).
 */
export function DepartmentRolesCard({ departmentId }: { departmentId: string }) {
  const { t } = useTranslation('identity');
  const manage = useAbility()('organisation.manage_roles');
  const roles = useOrganisationRoles();
  const [picked, setPicked] = useState<string | undefined>();
  const [conflict, setConflict] = useState('');
  const d = roles.data?.departments.find((x) => x.id === departmentId);
  const set = useRoleChange(
    ({ version, userId }: { version: number; userId: string | null }) =>
      api.organisation.setLeaderInCharge(departmentId, version, userId),
    setConflict,
  );
  return (
    <Card size="small" title={t('org.title')} loading={roles.isLoading} data-testid="dept-roles">
      {d && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Conflict text={conflict} onClose={() => setConflict('')} />
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('org.leaderInCharge')}>
              {d.leaderInCharge ? (
                <Person p={d.leaderInCharge} testid="dept-leader-current" />
              ) : (
                <Typography.Text type="secondary" data-testid="dept-leader-current">
                  {t('org.noLeader')}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('org.heads')}>
              <span data-testid="dept-heads">
                {d.heads.length ? d.heads.map((h) => <Tag key={h.id}>{personLabel(h)}</Tag>) : t('org.noHeads')}
              </span>
            </Descriptions.Item>
          </Descriptions>
          {manage && (
            <Space wrap>
              <PersonPicker
                value={picked}
                onChange={setPicked}
                placeholder={t('org.pickPerson')}
                testid="dept-leader-picker"
                style={{ minWidth: 260 }}
              />
              <Button
                type="primary"
                disabled={!picked}
                loading={set.isPending}
                onClick={() =>
                  set.mutate({ version: d.version, userId: picked ?? null }, { onSuccess: () => setPicked(undefined) })
                }
                data-testid="dept-leader-save"
              >
                {t('org.save')}
              </Button>
              {d.leaderInCharge && (
                <Button
                  onClick={() => set.mutate({ version: d.version, userId: null })}
                  loading={set.isPending}
                  data-testid="dept-leader-clear"
                >
                  {t('org.clear')}
                </Button>
              )}
            </Space>
          )}
          <Typography.Text type="secondary">
            {t('org.leaderInheritedHint')} {t('org.headsHint')}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}
