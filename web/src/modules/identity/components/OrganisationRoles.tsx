import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useAbility } from '../../../app/auth.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { PersonPicker, personLabel } from './PersonPicker.js';
import { useOrganisationRoles, useRoleChange, type FunctionalRole } from './useOrganisationRoles.js';
import { Conflict, Person } from './OrganisationRoleParts.js';
import { AddMember, FunctionalRoleModal } from './FunctionalRoleEditors.js';

/**
 * The organisation's roles beyond departments: the general manager and the functional roles with their members.
 * The security administrator changes them; everyone else reads them.
 */
export function OrganisationRolesCard() {
  const { t, i18n } = useTranslation('identity');
  const manage = useAbility()('organisation.manage_roles');
  const roles = useOrganisationRoles();
  const [conflict, setConflict] = useState('');
  const [gm, setGm] = useState<string | undefined>();
  const [editing, setEditing] = useState<FunctionalRole | null | undefined>(undefined);
  const setGeneralManager = useRoleChange(
    ({ version, userId }: { version: number; userId: string | null }) =>
      api.organisation.setGeneralManager(version, userId),
    setConflict,
  );
  const remove = useRoleChange(
    ({ role, userId }: { role: FunctionalRole; userId: string }) =>
      api.organisation.removeMember(role.code, role.version, userId),
    setConflict,
  );
  const deleteRole = useRoleChange(
    (role: FunctionalRole) => api.organisation.deleteRole(role.code, role.version),
    setConflict,
    t('org.deleted'),
  );
  const data = roles.data;
  const nameOf = (r: FunctionalRole) => (i18n.language === 'en-US' ? r.nameEn : r.nameZh);

  return (
    <Card
      size="small"
      title={t('org.title')}
      loading={roles.isLoading}
      data-testid="org-roles"
      extra={
        manage && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="org-role-create">
            {t('org.createRole')}
          </Button>
        )
      }
    >
      {data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('org.hint')}</Typography.Text>
          {!manage && <Alert type="info" showIcon message={t('org.readOnly')} />}
          <Conflict text={conflict} onClose={() => setConflict('')} />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('org.generalManager')}>
              <Space direction="vertical" style={{ width: '100%' }}>
                {data.generalManager ? (
                  <Person p={data.generalManager} testid="org-gm-current" />
                ) : (
                  <Typography.Text type="secondary" data-testid="org-gm-current">
                    {t('org.noGeneralManager')}
                  </Typography.Text>
                )}
                {manage && (
                  <Space wrap>
                    <PersonPicker
                      value={gm}
                      onChange={setGm}
                      placeholder={t('org.pickPerson')}
                      testid="org-gm-picker"
                      style={{ minWidth: 260 }}
                    />
                    <Button
                      type="primary"
                      disabled={!gm}
                      loading={setGeneralManager.isPending}
                      onClick={() =>
                        setGeneralManager.mutate(
                          { version: data.generalManagerVersion, userId: gm ?? null },
                          { onSuccess: () => setGm(undefined) },
                        )
                      }
                      data-testid="org-gm-save"
                    >
                      {t('org.setGeneralManager')}
                    </Button>
                    {data.generalManager && (
                      <Button
                        loading={setGeneralManager.isPending}
                        onClick={() => setGeneralManager.mutate({ version: data.generalManagerVersion, userId: null })}
                        data-testid="org-gm-clear"
                      >
                        {t('org.clear')}
                      </Button>
                    )}
                  </Space>
                )}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('org.functionalRoles')}
          </Typography.Title>
          <PagedTable<FunctionalRole>
            listKey="org-functional-roles"
            rowKey="code"
            size="small"
            rows={data.functionalRoles}
            onRow={(r) => ({ 'data-testid': `org-role-${r.code}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('org.functionalRoles'),
                key: 'name',
                render: (_, r) => (
                  <Space direction="vertical" size={0}>
                    <span>
                      {nameOf(r)} {r.builtIn && <Tag>{t('org.builtIn')}</Tag>}
                    </span>
                    <Typography.Text type="secondary" code>
                      {r.code}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('org.members'),
                key: 'members',
                render: (_, r) => (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <span data-testid={`org-role-${r.code}-members`}>
                      {r.members.length === 0 && (
                        <Typography.Text type="secondary">{t('org.noMembers')}</Typography.Text>
                      )}
                      {r.members.map((m) => (
                        <Tag
                          key={m.id}
                          color={m.status === 'active' ? 'blue' : 'default'}
                          closable={manage}
                          onClose={(e) => {
                            e.preventDefault();
                            Modal.confirm({
                              title: t('org.removeMemberConfirm', { name: m.displayName, role: nameOf(r) }),
                              onOk: () => remove.mutateAsync({ role: r, userId: m.id }),
                            });
                          }}
                        >
                          {personLabel(m)}
                        </Tag>
                      ))}
                    </span>
                    {manage && <AddMember role={r} onConflict={setConflict} />}
                  </Space>
                ),
              },
              ...(manage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 160,
                      render: (_: unknown, r: FunctionalRole) => (
                        <Space>
                          <Button size="small" onClick={() => setEditing(r)} data-testid={`org-role-${r.code}-rename`}>
                            {t('org.rename')}
                          </Button>
                          {!r.builtIn && (
                            <Popconfirm
                              title={t('org.deleteRoleConfirm', { name: nameOf(r) })}
                              onConfirm={() => deleteRole.mutate(r)}
                            >
                              <Button size="small" danger data-testid={`org-role-${r.code}-delete`}>
                                {t('org.deleteRole')}
                              </Button>
                            </Popconfirm>
                          )}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      )}
      <FunctionalRoleModal
        open={editing !== undefined}
        role={editing ?? null}
        onClose={() => setEditing(undefined)}
        onConflict={setConflict}
      />
    </Card>
  );
}
