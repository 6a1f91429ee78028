import dayjs from 'dayjs';

/** Dates are shown as YYYY-MM-DD; instants as YYYY-MM-DD HH:mm (local time). Empty values as a dash. */
export function fmtDate(v: string | null | undefined): string {
  if (!v) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : dayjs(v).format('YYYY-MM-DD');
}

export function fmtDateTime(v: string | null | undefined): string {
  return v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—';
}
