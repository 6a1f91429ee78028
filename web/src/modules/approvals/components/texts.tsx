import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { functionalRoleOf, isOrganisationGroup } from '../../../../../src/kernel/approvals.js';
import type { Level, RequestStatus } from '../../../app/contracts.js';
import { useRequestTypes } from '../../../app/requestTypes.js';
import { LEVEL_COLOR } from '../../../shared/levelColor.js';
import { useApprovalChains } from './queries.js';

const REQUEST_STATUS_COLOR: Readonly<Record<RequestStatus, string>> = {
  pending: 'processing',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
  expired: 'orange',
};

/** A request type's name, as the module that registers it words it (a type nobody registers shows its code). */
export function useRequestTypeText(): (type: string) => string {
  const { t } = useTranslation('approvals');
  const registry = useRequestTypes();
  return (type) => {
    const label = registry[type]?.label;
    return label ? t(label, { defaultValue: type }) : type;
  };
}

/**
 * An approver group's name: the organisation's groups in this namespace, a functional role (`role:<code>`) by
 * the name the security administrator gave it, a target's group (`custodian`) as the module registering the
 * request type words it. Anything else shows its code.
 */
export function useGroupText(): (group: string, type?: string) => string {
  const { t, i18n } = useTranslation('approvals');
  const registry = useRequestTypes();
  const chains = useApprovalChains();
  return (group, type) => {
    if (isOrganisationGroup(group)) return t(`approverGroup.${group}`);
    const role = functionalRoleOf(group);
    if (role !== null) {
      const r = chains.data?.roles.find((x) => x.code === role);
      return r ? (i18n.language === 'en-US' ? r.nameEn : r.nameZh) : role;
    }
    const key =
      (type ? registry[type]?.groups?.[group] : undefined) ??
      Object.values(registry)
        .map((d) => d.groups?.[group])
        .find((k) => k !== undefined);
    return key ? t(key, { defaultValue: group }) : group;
  };
}

export function LevelTag({ level }: { level: Level }) {
  const { t } = useTranslation('approvals');
  return <Tag color={LEVEL_COLOR[level]}>{t(`level.${level}`)}</Tag>;
}

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation('approvals');
  return <Tag color={REQUEST_STATUS_COLOR[status]}>{t(`requestStatus.${status}`)}</Tag>;
}
