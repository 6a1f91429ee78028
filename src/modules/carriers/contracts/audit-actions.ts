import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';

/** What the carriers module records in the audit trail, with its texts. */
export const CARRIER_AUDIT_ACTIONS = {
  'carrier.register': { 'zh-CN': '登记涉密载体', 'en-US': 'Register a carrier' },
  'carrier.view': { 'zh-CN': '查看涉密载体', 'en-US': 'View a carrier' },
  'carrier.list': { 'zh-CN': '查看载体台账', 'en-US': 'List the carrier register' },
  'carrier.update': { 'zh-CN': '修改载体信息', 'en-US': 'Edit a carrier' },
  'carrier.finalise': { 'zh-CN': '定稿入库', 'en-US': 'Finalise a draft' },
  'carrier.lend': { 'zh-CN': '借出载体', 'en-US': 'Lend a carrier' },
  'carrier.return': { 'zh-CN': '归还载体', 'en-US': 'Return a carrier' },
  'carrier.request_extension': { 'zh-CN': '申请续借', 'en-US': 'Ask for a longer loan' },
  'carrier.extend_loan': { 'zh-CN': '续借', 'en-US': 'Extend a loan' },
  'carrier.circulate': { 'zh-CN': '发起传阅', 'en-US': 'Start a circulation' },
  'carrier.sign_circulation': { 'zh-CN': '传阅签阅', 'en-US': 'Sign off a circulation' },
  'carrier.request_show_outside': { 'zh-CN': '申请范围外出示', 'en-US': 'Ask to show outside the scope' },
  'carrier.show_outside': { 'zh-CN': '准许范围外知悉', 'en-US': 'Allow someone outside the scope' },
  'carrier.dispatch': { 'zh-CN': '发文（外发）', 'en-US': 'Dispatch outside the unit' },
  'carrier.record_receipt': { 'zh-CN': '登记回执', 'en-US': 'Record a receipt' },
  'carrier.transmit': { 'zh-CN': '内部传递', 'en-US': 'Transmit internally' },
  'carrier.sign_for': { 'zh-CN': '签收载体', 'en-US': 'Sign for a carrier' },
  'carrier.request_carry_out': { 'zh-CN': '申请外出携带', 'en-US': 'Ask to carry out' },
  'carrier.carry_out_approved': { 'zh-CN': '外出携带获批', 'en-US': 'Carry-out approved' },
  'carrier.carry_out_depart': { 'zh-CN': '携带外出', 'en-US': 'Carried out' },
  'carrier.carry_out_return': { 'zh-CN': '携带归还', 'en-US': 'Carried back' },
  'carrier.carry_out_cancel': { 'zh-CN': '取消外出携带', 'en-US': 'Cancel a carry-out' },
  'carrier.transfer': { 'zh-CN': '移交载体保管', 'en-US': 'Hand over a carrier' },
  'carrier.request_archive': { 'zh-CN': '申请归档', 'en-US': 'Ask to archive' },
  'carrier.archive': { 'zh-CN': '归档', 'en-US': 'Archive' },
  'carrier.print_ledger': { 'zh-CN': '打印载体台账', 'en-US': 'Print a carrier ledger' },
  'carrier.export_ledger': { 'zh-CN': '导出载体台账', 'en-US': 'Export a carrier ledger' },
  'location.view': { 'zh-CN': '查看存放位置', 'en-US': 'View storage locations' },
  'location.create': { 'zh-CN': '登记存放位置', 'en-US': 'Register a storage location' },
  'location.update': { 'zh-CN': '修改存放位置', 'en-US': 'Change a storage location' },
  'handler.assign': { 'zh-CN': '指定载体经办人', 'en-US': 'Designate a handler' },
  'handler.remove': { 'zh-CN': '取消载体经办人', 'en-US': 'Remove a handler' },
  'carrier.settings_update': { 'zh-CN': '修改载体设置', 'en-US': 'Change the carrier settings' },
} as const satisfies Record<string, VocabularyText>;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof CARRIER_AUDIT_ACTIONS, true> {}
}
