import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Row, Select, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility } from '../../../app/auth.js';
import type { ApprovalChains, ChainPolicy, ChainStepPolicy, ChainTier } from '../../../app/contracts.js';
import { CHAIN_TIERS, STEP_MODES } from '../../../../../src/kernel/approvals.js';
import { showSuccess } from '../../../app/feedback.js';
import { LEVEL_COLOR } from '../../../shared/levelColor.js';
import { CHAINS_KEY, useApprovalChains } from '../components/queries.js';
import { useGroupText, useRequestTypeText } from '../components/texts.js';

const MAX_STEPS = 6; // chainPolicySchema: 1..6 steps per tier

function StepList({
  steps,
  groups,
  onChange,
  manage,
  groupText,
  testid,
}: {
  steps: ChainStepPolicy[];
  /** The groups this request type's chain may name (the server's list). */
  groups: readonly string[];
  onChange: (s: ChainStepPolicy[]) => void;
  manage: boolean;
  groupText: (group: string) => string;
  testid: string;
}) {
  const { t } = useTranslation('approvals');
  const set = (i: number, s: Partial<ChainStepPolicy>) => onChange(steps.map((x, j) => (j === i ? { ...x, ...s } : x)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    onChange(next);
  };
  const options = groups.map((g) => ({ value: g, label: groupText(g) }));
  const fresh = groups.includes('confidentiality_office') ? 'confidentiality_office' : groups[0];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testid}>
      {steps.map((s, i) => (
        <Space key={i} wrap size={4} data-testid={`${testid}-step-${i}`}>
          <Typography.Text type="secondary" style={{ width: 60, display: 'inline-block' }}>
            {t('chains.step', { n: i + 1 })}
          </Typography.Text>
          {manage ? (
            <>
              <Select
                size="small"
                style={{ width: 260 }}
                // A few dozen groups at most: every option in the page, none left to the virtual list.
                virtual={false}
                value={s.group}
                onChange={(group) => set(i, { group })}
                // A group saved earlier that the type no longer offers (a role removed) still shows by name.
                options={
                  groups.includes(s.group) ? options : [...options, { value: s.group, label: groupText(s.group) }]
                }
                data-testid={`${testid}-step-${i}-group`}
              />
              <Select
                size="small"
                style={{ width: 150 }}
                value={s.mode}
                onChange={(mode) => set(i, { mode })}
                options={STEP_MODES.map((m) => ({ value: m, label: t(`stepMode.${m}`) }))}
                data-testid={`${testid}-step-${i}-mode`}
              />
            </>
          ) : (
            <>
              <Tag color="blue" data-testid={`${testid}-step-${i}-group`}>
                {groupText(s.group)}
              </Tag>
              <Tag>{t(`stepMode.${s.mode}`)}</Tag>
            </>
          )}
          {manage && (
            <Space.Compact size="small">
              <Tooltip title={t('chains.moveUp')}>
                <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
              </Tooltip>
              <Tooltip title={t('chains.moveDown')}>
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === steps.length - 1}
                  onClick={() => move(i, 1)}
                />
              </Tooltip>
              <Tooltip title={t('chains.removeStep')}>
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={steps.length <= 1}
                  onClick={() => onChange(steps.filter((_, j) => j !== i))}
                  data-testid={`${testid}-step-${i}-remove`}
                />
              </Tooltip>
            </Space.Compact>
          )}
        </Space>
      ))}
      {manage && steps.length < MAX_STEPS && fresh && (
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() => onChange([...steps, { group: fresh, mode: 'any' }])}
          data-testid={`${testid}-add`}
        >
          {t('chains.addStep')}
        </Button>
      )}
    </Space>
  );
}

/** The chains of every registered request type by level tier, as editable ordered step lists. */
function ChainsEditor({ data, manage }: { data: ApprovalChains; manage: boolean }) {
  const { t } = useTranslation('approvals');
  const qc = useQueryClient();
  const typeText = useRequestTypeText();
  const groupText = useGroupText();
  const [chains, setChains] = useState<ChainPolicy>(data.chains);
  const [conflict, setConflict] = useState(false);
  useEffect(() => {
    setChains(data.chains);
  }, [data.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const dirty = JSON.stringify(chains) !== JSON.stringify(data.chains);
  const save = useMutation({
    mutationFn: () => api.chains.save({ version: data.version, chains }),
    onSuccess: (s) => {
      setConflict(false);
      qc.setQueryData(CHAINS_KEY, s);
      showSuccess(t('chains.saved'));
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        setConflict(true);
        await qc.invalidateQueries({ queryKey: CHAINS_KEY });
      }
    },
    meta: { quiet: ['stale_version'] },
  });
  const setSteps = (type: string, tier: ChainTier, steps: ChainStepPolicy[]) =>
    setChains((c) => ({ ...c, [type]: { ...c[type]!, [tier]: steps } }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="approval-chains">
      <Alert type="info" showIcon title={t('chains.hint')} />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setConflict(false) }}
          title={t('chains.conflict')}
          data-testid="approval-chains-conflict"
        />
      )}
      <Tabs
        items={data.types
          .filter(({ type }) => chains[type])
          .map(({ type, groups }) => ({
            key: type,
            label: <span data-testid={`approval-chains-tab-${type}`}>{typeText(type)}</span>,
            children: (
              <Row gutter={[16, 16]}>
                {CHAIN_TIERS.map((tier) => (
                  <Col xs={24} xxl={8} key={tier}>
                    <Card
                      size="small"
                      title={t(`chains.tier.${tier}`)}
                      styles={{ header: { borderTop: `3px solid var(--ant-${LEVEL_COLOR[tier]}-5, #d9d9d9)` } }}
                    >
                      <StepList
                        steps={chains[type]![tier]}
                        groups={groups}
                        onChange={(s) => setSteps(type, tier, s)}
                        manage={manage}
                        groupText={(g) => groupText(g, type)}
                        testid={`chain-${type}-${tier}`}
                      />
                    </Card>
                  </Col>
                ))}
              </Row>
            ),
          }))}
      />
      {manage && (
        <Space>
          <Button
            type="primary"
            disabled={!dirty}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="approval-chains-save"
          >
            {t('common.save')}
          </Button>
          <Button disabled={!dirty} onClick={() => setChains(data.chains)} data-testid="approval-chains-reset">
            {t('common.reset')}
          </Button>
          <Typography.Text type="secondary">
            {t('common.version')}: {data.version}
          </Typography.Text>
        </Space>
      )}
    </Space>
  );
}

/**
 * The approval chains: the security administrator (`approval.manage_chains`) edits them; everyone else signed
 * in reads them.
 */
export function ApprovalChainsPage() {
  const { t } = useTranslation('approvals');
  const can = useAbility();
  const manage = can('approval.manage_chains');
  const chains = useApprovalChains();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('chains.title')}
      </Typography.Title>
      {!manage && <Alert type="info" showIcon title={t('chains.readOnly')} data-testid="approval-chains-readonly" />}
      {chains.data ? <ChainsEditor data={chains.data} manage={manage} /> : <Spin />}
    </Space>
  );
}
