import { useState, type ComponentType, type ReactNode } from 'react';
import { Button, Dropdown, Space } from 'antd';
import {
  CarOutlined,
  CheckOutlined,
  DownOutlined,
  EditOutlined,
  ExportOutlined,
  InboxOutlined,
  ReadOutlined,
  RollbackOutlined,
  SendOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../app/auth.js';
import type { CarrierAction, CarrierDetail, MyDuty } from '../contracts.js';
import { useMyDuties } from './common.js';
import { EditModal, FinaliseModal, type ActionProps } from './actions/RegisterActions.js';
import { ExtendModal, LendModal, ReturnModal } from './actions/LoanActions.js';
import { CirculateModal, ShowOutsideModal, SignCirculationModal } from './actions/CirculationActions.js';
import { DispatchModal, ReceiptModal, SignForModal, TransmitModal } from './actions/DispatchActions.js';
import { CancelCarryOutModal, CarryBackModal, CarryOutModal, DepartModal } from './actions/CarryOutActions.js';
import { ArchiveModal, TransferModal } from './actions/CustodyActions.js';

/** Who is asking, for the few actions the policy leaves to the route (a receipt, receiving a carry-out back). */
interface Viewer {
  id: string;
  duties: readonly MyDuty[];
}

/**
 * One action of the carrier page: offered only when the server's `can` allows it (`abilities`), and, where the
 * action concerns one movement, only while that movement is in the state the action needs.
 */
interface ActionDef {
  key: string;
  /** The ability that allows it; null for the receipt, which the policy leaves to the custodian or a dispatcher. */
  ability: CarrierAction | null;
  when?: (c: CarrierDetail, me: Viewer) => boolean;
  icon?: ReactNode;
  /** The main actions are buttons; the rest go under 更多. */
  main?: boolean;
  modal: ComponentType<ActionProps>;
}

const ACTIONS: readonly ActionDef[] = [
  { key: 'finalise', ability: 'carrier.finalise', icon: <CheckOutlined />, main: true, modal: FinaliseModal },
  {
    key: 'sign_for',
    ability: 'carrier.sign_for',
    when: (c) => c.dispatch?.direction === 'internal' && c.dispatch.status === 'awaiting',
    icon: <InboxOutlined />,
    main: true,
    modal: SignForModal,
  },
  {
    key: 'sign_circulation',
    ability: 'carrier.sign_circulation',
    when: (c) => c.circulation?.status === 'open',
    icon: <ReadOutlined />,
    main: true,
    modal: SignCirculationModal,
  },
  { key: 'lend', ability: 'carrier.lend', icon: <ExportOutlined />, main: true, modal: LendModal },
  {
    key: 'return',
    ability: 'carrier.return',
    when: (c) => c.loan?.status === 'active',
    icon: <RollbackOutlined />,
    main: true,
    modal: ReturnModal,
  },
  { key: 'extend', ability: 'carrier.extend_loan', when: (c) => c.loan?.status === 'active', modal: ExtendModal },
  {
    key: 'depart',
    ability: 'carrier.record_carry_out',
    when: (c) => c.carryOut?.status === 'approved',
    icon: <CarOutlined />,
    main: true,
    modal: DepartModal,
  },
  {
    // An approved trip that will not happen: it reserves the carrier until cancelled.
    key: 'cancel_carry_out',
    ability: 'carrier.record_carry_out',
    when: (c) => c.carryOut?.status === 'approved',
    modal: CancelCarryOutModal,
  },
  {
    // Received back by its custodian or the department, not by the bearer alone.
    key: 'carry_back',
    ability: 'carrier.record_carry_out',
    when: (c, me) => c.carryOut?.status === 'out' && (c.carryOut.bearerId !== me.id || c.custodianId === me.id),
    icon: <RollbackOutlined />,
    main: true,
    modal: CarryBackModal,
  },
  {
    key: 'receipt',
    ability: null,
    when: (c, me) =>
      c.particulars &&
      c.dispatch?.direction === 'outgoing' &&
      c.dispatch.status === 'awaiting' &&
      (c.custodianId === me.id || me.duties.some((d) => d.duty === 'dispatch' && d.departmentId === c.departmentId)),
    main: true,
    modal: ReceiptModal,
  },
  { key: 'circulate', ability: 'carrier.circulate', icon: <ReadOutlined />, modal: CirculateModal },
  { key: 'transmit', ability: 'carrier.transmit', icon: <SendOutlined />, main: true, modal: TransmitModal },
  { key: 'dispatch', ability: 'carrier.dispatch', icon: <SendOutlined />, main: true, modal: DispatchModal },
  { key: 'carry_out', ability: 'carrier.carry_out', icon: <CarOutlined />, main: true, modal: CarryOutModal },
  { key: 'edit', ability: 'carrier.edit', icon: <EditOutlined />, main: true, modal: EditModal },
  { key: 'transfer', ability: 'carrier.transfer', icon: <SwapOutlined />, modal: TransferModal },
  { key: 'show_outside', ability: 'carrier.show_outside', modal: ShowOutsideModal },
  { key: 'archive', ability: 'carrier.archive', modal: ArchiveModal },
];

/**
 * The actions the reader may take on this carrier, each opening its dialog: the buttons come strictly from the
 * carrier's `abilities` (the server's `can`), so the page offers only what the server would allow. Test ids:
 * `carrier-action-<key>` on each button or menu entry (the menu itself: `carrier-action-more`).
 */
export function CarrierActions({ carrier }: { carrier: CarrierDetail }) {
  const { t } = useTranslation('carriers');
  const me = useCurrentUser();
  const duties = useMyDuties();
  const viewer: Viewer = { id: me.user.id, duties: duties.data?.duties ?? [] };
  const [open, setOpen] = useState<string | null>(null);
  const offered = ACTIONS.filter(
    (a) => (a.ability === null || carrier.abilities[a.ability] === true) && (a.when?.(carrier, viewer) ?? true),
  );
  const main = offered.filter((a) => a.main);
  const more = offered.filter((a) => !a.main);
  const canShowOutside = offered.some((a) => a.key === 'show_outside');
  return (
    <>
      <Space wrap data-testid="carrier-actions">
        {main.map((a, i) => (
          <Button
            key={a.key}
            type={i === 0 ? 'primary' : 'default'}
            icon={a.icon}
            onClick={() => setOpen(a.key)}
            data-testid={`carrier-action-${a.key}`}
          >
            {t(`action.${a.key}`)}
          </Button>
        ))}
        {more.length > 0 && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: more.map((a) => ({
                key: a.key,
                icon: a.icon,
                label: <span data-testid={`carrier-action-${a.key}`}>{t(`action.${a.key}`)}</span>,
              })),
              onClick: ({ key }) => setOpen(key),
            }}
          >
            <Button data-testid="carrier-action-more">
              {main.length > 0 ? t('action.more') : t('action.actions')} <DownOutlined />
            </Button>
          </Dropdown>
        )}
      </Space>
      {offered.map((a) => (
        <a.modal
          key={a.key}
          carrier={carrier}
          open={open === a.key}
          onClose={() => setOpen(null)}
          onShowOutside={canShowOutside ? () => setOpen('show_outside') : undefined}
        />
      ))}
    </>
  );
}
