/**
 * Formula-injection protection for CSV/XLSX exports: a cell that a spreadsheet would evaluate
 * (starting with = + - @, tab or carriage return) is prefixed with a single quote so it is shown as text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
