import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Row, Select, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import {
  type ChainPolicy,
  type ChainStepPolicy,
  type ChainTier,
  type ClassificationSettings,
  type RequestType,
} from '../../../app/contracts.js';
import { APPROVER_GROUPS, CHAIN_TIERS, REQUEST_TYPES, STEP_MODES } from '../../../../../src/kernel/approvals.js';
import { showSuccess } from '../../../app/feedback.js';
import { LEVEL_COLOR, SETTINGS_KEY } from './common.js';

const MAX_STEPS = 6; // chainPolicySchema: 1..6 steps per tier
const TIER_KEY: Record<ChainTier, 'tierConfidential' | 'tierSecret' | 'tierTop_secret'> = {
  confidential: 'tierConfidential',
  secret: 'tierSecret',
  top_secret: 'tierTop_secret',
};

function StepList({
  steps,
  onChange,
  manage,
  testid,
}: {
  steps: ChainStepPolicy[];
  onChange: (s: ChainStepPolicy[]) => void;
  manage: boolean;
  testid: string;
}) {
  const { t } = useTranslation('classification');
  const set = (i: number, s: Partial<ChainStepPolicy>) => onChange(steps.map((x, j) => (j === i ? { ...x, ...s } : x)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    onChange(next);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testid}>
      {steps.map((s, i) => (
        <Space key={i} wrap size={4} data-testid={`${testid}-step-${i}`}>
          <Typography.Text type="secondary" style={{ width: 60, display: 'inline-block' }}>
            {t('clsSettings.step', { n: i + 1 })}
          </Typography.Text>
          {manage ? (
            <>
              <Select
                size="small"
                style={{ width: 300 }}
                value={s.group}
                onChange={(group) => set(i, { group })}
                options={APPROVER_GROUPS.map((g) => ({ value: g, label: t(`approverGroup.${g}`) }))}
                data-testid={`${testid}-step-${i}-group`}
              />
              <Select
                size="small"
                style={{ width: 150 }}
                value={s.mode}
                onChange={(mode) => set(i, { mode })}
                options={STEP_MODES.map((m) => ({ value: m, label: t(`stepMode.${m}`) }))}
              />
            </>
          ) : (
            <>
              <Tag color="blue" data-testid={`${testid}-step-${i}-group`}>
                {t(`approverGroup.${s.group}`)}
              </Tag>
              <Tag>{t(`stepMode.${s.mode}`)}</Tag>
            </>
          )}
          {manage && (
            <Space.Compact size="small">
              <Tooltip title={t('clsSettings.moveUp')}>
                <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
              </Tooltip>
              <Tooltip title={t('clsSettings.moveDown')}>
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === steps.length - 1}
                  onClick={() => move(i, 1)}
                />
              </Tooltip>
              <Tooltip title={t('clsSettings.removeStep')}>
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={steps.length <= 1}
                  onClick={() => onChange(steps.filter((_, j) => j !== i))}
                />
              </Tooltip>
            </Space.Compact>
          )}
        </Space>
      ))}
      {manage && steps.length < MAX_STEPS && (
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() => onChange([...steps, { group: 'confidentiality_office', mode: 'any' }])}
          data-testid={`${testid}-add`}
        >
          {t('clsSettings.addStep')}
        </Button>
      )}
    </Space>
  );
}

/** Approval chains per request type and level tier, as editable ordered step lists. */
export function ChainsCard({ settings, manage }: { settings: ClassificationSettings; manage: boolean }) {
  const { t } = useTranslation('classification');
  const qc = useQueryClient();
  const [chains, setChains] = useState<ChainPolicy>(settings.chains);
  const [conflict, setConflict] = useState(false);
  useEffect(() => {
    setChains(settings.chains);
  }, [settings.chainsVersion]); // eslint-disable-line react-hooks/exhaustive-deps
  const dirty = JSON.stringify(chains) !== JSON.stringify(settings.chains);
  const save = useMutation({
    mutationFn: () => api.classification.saveChains(settings.chainsVersion, chains),
    onSuccess: (s) => {
      setConflict(false);
      qc.setQueryData(SETTINGS_KEY, s);
      showSuccess(t('clsSettings.chainsSaved'));
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        setConflict(true);
        await qc.invalidateQueries({ queryKey: SETTINGS_KEY });
      }
    },
    meta: { quiet: ['stale_version'] },
  });
  const setSteps = (type: RequestType, tier: ChainTier, steps: ChainStepPolicy[]) =>
    setChains((c) => ({ ...c, [type]: { ...c[type], [tier]: steps } }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="cls-chains">
      <Alert type="info" showIcon title={t('clsSettings.chainsHint')} />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setConflict(false) }}
          title={t('clsSettings.conflict')}
        />
      )}
      <Tabs
        items={REQUEST_TYPES.map((type) => ({
          key: type,
          label: <span data-testid={`cls-chains-tab-${type}`}>{t(`requestType.${type}`)}</span>,
          children: (
            <Row gutter={[16, 16]}>
              {CHAIN_TIERS.map((tier) => (
                <Col xs={24} xxl={8} key={tier}>
                  <Card
                    size="small"
                    title={t(`clsSettings.${TIER_KEY[tier]}`)}
                    styles={{ header: { borderTop: `3px solid var(--ant-${LEVEL_COLOR[tier]}-5, #d9d9d9)` } }}
                  >
                    <StepList
                      steps={chains[type][tier]}
                      onChange={(s) => setSteps(type, tier, s)}
                      manage={manage}
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
            data-testid="cls-chains-save"
          >
            {t('common.save')}
          </Button>
          <Button disabled={!dirty} onClick={() => setChains(settings.chains)}>
            {t('common.reset')}
          </Button>
          <Typography.Text type="secondary">
            {t('common.version')}: {settings.chainsVersion}
          </Typography.Text>
        </Space>
      )}
    </Space>
  );
}
