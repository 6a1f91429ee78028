import { Button, Checkbox, Input, Select, Space, Tabs, Tag, Typography, type TableProps } from 'antd';
import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PagedTable } from '../../../shared/PagedTable.js';
import { FilterBar } from '../../../shared/FilterBar.js';
import { useCursorQuery } from '../../../shared/useCursorQuery.js';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type CarrierFilters } from '../api.js';
import { useAbility } from '../../../app/auth.js';
import type { Level } from '../../../app/contracts.js';
import { CARRIER_KINDS, CARRIER_STATUSES, LEDGERS, type Ledger } from '../../../../../src/kernel/carriers.js';
import { LEVELS, isClassified } from '../../../../../src/kernel/levels.js';
import { fmtDate } from '../../../app/format.js';
import type { CarrierSummary } from '../contracts.js';
import {
  CARRIERS_KEY,
  CarrierMarkingTag,
  CarrierStatusTag,
  DepartmentSelect,
  OverdueTag,
  useLocations,
  useMyDuties,
} from '../components/common.js';
import { LedgerOutputs } from '../components/LedgerOutputs.js';

const PAGE_SIZE = 50;

function pick<T extends string>(v: string | null, allowed: readonly T[]): T | undefined {
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** The ledger tabs: three ledgers and, without one, every carrier the reader may see. */
type Tab = Ledger | 'all';

/**
 * The register (载体台账): the personal, department and unit ledgers and everything the reader may see, all
 * views of the same rows (the server filters by the one policy). Filters live in the URL, so a workbench card
 * can link to "my loans overdue"; rows load 50 at a time along the server's cursor.
 */
export function CarriersPage() {
  const { t } = useTranslation('carriers');
  const can = useAbility();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const duties = useMyDuties();
  const locations = useLocations();
  const ledger = pick<Ledger>(params.get('ledger'), LEDGERS);
  const tab: Tab = ledger ?? 'all';
  const filters: CarrierFilters = {
    ledger,
    departmentId: ledger === 'department' ? params.get('departmentId') || undefined : undefined,
    q: params.get('q') || undefined,
    kind: pick(params.get('kind'), CARRIER_KINDS),
    level: pick<Level>(params.get('level'), LEVELS),
    status: pick(params.get('status'), CARRIER_STATUSES),
    custodianId: params.get('custodianId') || undefined, // the server checks the id
    locationId: params.get('locationId') || undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    holding: params.get('holding') === 'true' ? 'true' : undefined,
  };
  const list = useCursorQuery({
    queryKey: [...CARRIERS_KEY, 'list'],
    filters,
    fetch: api.carriers.list,
    pageSize: PAGE_SIZE,
  });
  const count = useQuery({
    queryKey: [...CARRIERS_KEY, 'count', filters],
    queryFn: () => api.carriers.count(filters),
    placeholderData: keepPreviousData,
  });
  const registers = (duties.data?.duties ?? []).some((d) => d.duty === 'produce' || d.duty === 'dispatch');
  const securityOffice = can('carrier.view_unit_ledger');

  const setParam = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const tabs: { key: Tab; shown: boolean }[] = [
    { key: 'personal', shown: true },
    { key: 'department', shown: can('carrier.view_department_ledger') },
    { key: 'unit', shown: securityOffice },
    { key: 'all', shown: true },
  ];
  const locationName = filters.locationId && locations.data?.items.find((l) => l.id === filters.locationId)?.name;

  const columns: TableProps<CarrierSummary>['columns'] = [
    {
      title: t('carrier.number'),
      dataIndex: 'number',
      width: 160,
      render: (n: string, c) => (
        <Link to={`/carriers/${c.id}`} data-testid={`carrier-link-${c.number}`}>
          {n}
        </Link>
      ),
    },
    {
      title: t('carrier.title'),
      dataIndex: 'title',
      render: (v: string | null, c) =>
        c.particulars ? (
          <Link to={`/carriers/${c.id}`}>{v}</Link>
        ) : (
          <Typography.Text type="secondary" data-testid="carrier-title-withheld">
            <LockOutlined /> {t('carrier.withheld')}
          </Typography.Text>
        ),
    },
    {
      title: t('carrier.marking'),
      key: 'marking',
      width: 130,
      render: (_: unknown, c) => <CarrierMarkingTag carrier={c} />,
    },
    { title: t('carrier.kind'), dataIndex: 'kind', width: 100, render: (k: string) => t(`kind.${k}`) },
    {
      title: t('carrier.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: CarrierSummary['status']) => <CarrierStatusTag status={s} />,
    },
    { title: t('carrier.custodian'), dataIndex: 'custodianName', width: 90 },
    { title: t('carrier.location'), dataIndex: 'locationName', width: 180 },
    {
      title: t('carrier.holderDue'),
      key: 'holder',
      width: 170,
      render: (_: unknown, c) =>
        c.holderName || c.dueOn ? (
          <Space size={4} wrap>
            {c.holderName && <span>{c.holderName}</span>}
            {c.dueOn && <span>{fmtDate(c.dueOn)}</span>}
            {c.overdue && <OverdueTag />}
          </Space>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('list.title')}
        </Typography.Title>
        <Space wrap>
          <LedgerOutputs filters={filters} />
          {registers && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/carriers/new')}
              data-testid="carrier-register"
            >
              {t('list.register')}
            </Button>
          )}
        </Space>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) =>
          setParam({ ledger: k === 'all' ? undefined : k, departmentId: undefined, custodianId: undefined })
        }
        items={tabs
          .filter((x) => x.shown)
          .map((x) => ({
            key: x.key,
            label: <span data-testid={`carrier-ledger-${x.key}`}>{t(`ledgerTab.${x.key}`)}</span>,
          }))}
        style={{ marginBottom: -8 }}
      />
      <FilterBar
        testid="carrier-filters"
        activeMore={filters.kind ? 1 : 0}
        primary={[
          tab === 'department' && securityOffice && (
            <DepartmentSelect
              key="department"
              allowClear
              placeholder={t('list.chooseDepartment')}
              style={{ width: 220 }}
              value={filters.departmentId}
              onChange={(v) => setParam({ departmentId: v })}
              testid="carrier-filter-department"
            />
          ),
          <Input.Search
            key={`q:${filters.q ?? ''}`}
            allowClear
            defaultValue={filters.q}
            placeholder={t('list.searchPlaceholder')}
            aria-label={t('list.searchPlaceholder')}
            style={{ width: 260 }}
            onSearch={(q) => setParam({ q: q.trim() || undefined })}
            data-testid="carrier-search"
          />,
          <Select
            key="level"
            allowClear
            placeholder={t('carrier.level')}
            aria-label={t('carrier.level')}
            style={{ width: 120 }}
            value={filters.level}
            onChange={(v?: string) => setParam({ level: v })}
            options={LEVELS.filter(isClassified).map((l) => ({ value: l, label: t(`level.${l}`) }))}
            data-testid="carrier-filter-level"
          />,
          <Select
            key="status"
            allowClear
            placeholder={t('carrier.status')}
            aria-label={t('carrier.status')}
            style={{ width: 120 }}
            value={filters.status}
            onChange={(v?: string) => setParam({ status: v })}
            options={CARRIER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            data-testid="carrier-filter-status"
          />,
          <Checkbox
            key="overdue"
            checked={filters.overdue === 'true'}
            onChange={(e) => setParam({ overdue: e.target.checked ? 'true' : undefined })}
            data-testid="carrier-filter-overdue"
          >
            {t('list.overdueOnly')}
          </Checkbox>,
        ]}
        more={[
          <Select
            key="kind"
            allowClear
            placeholder={t('carrier.kind')}
            aria-label={t('carrier.kind')}
            style={{ width: 140 }}
            value={filters.kind}
            onChange={(v?: string) => setParam({ kind: v })}
            options={CARRIER_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            data-testid="carrier-filter-kind"
          />,
        ]}
        extra={
          <>
            {filters.locationId && (
              <Tag closable onClose={() => setParam({ locationId: undefined })} data-testid="carrier-filter-location">
                {t('list.inLocation', { name: locationName || filters.locationId })}
              </Tag>
            )}
            {filters.holding && (
              <Tag closable onClose={() => setParam({ holding: undefined })} data-testid="carrier-filter-holding">
                {t('list.holdingOnly')}
              </Tag>
            )}
            {filters.custodianId && (
              <Tag closable onClose={() => setParam({ custodianId: undefined })} data-testid="carrier-filter-custodian">
                {t('list.ofCustodian')}
              </Tag>
            )}
            {count.data && !count.isPlaceholderData && (
              <Typography.Text type="secondary" data-testid="carrier-total">
                {t('list.total', { n: count.data.total })}
              </Typography.Text>
            )}
          </>
        }
      />
      {/* data-loading tells a reader (an end-to-end test) when the rows belong to the filters shown. */}
      <div data-testid="carrier-table" data-loading={String(list.query.isFetching || count.isFetching)}>
        <PagedTable<CarrierSummary>
          cursor={list}
          total={count.data && !count.isPlaceholderData ? count.data.total : undefined}
          listKey="carriers"
          rowKey="id"
          size="middle"
          columns={columns}
          locale={{ emptyText: t('list.empty') }}
          scroll={{ x: 1150 }}
          onRow={(c) => ({ 'data-testid': `carrier-row-${c.number}` }) as React.HTMLAttributes<HTMLElement>}
        />
      </div>
    </Space>
  );
}
