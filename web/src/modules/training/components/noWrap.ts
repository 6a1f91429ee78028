import type { CSSProperties } from 'react';

const nowrap: CSSProperties = { whiteSpace: 'nowrap' };

/**
 * Spread into a table column whose cells are short (a date, a state, a number, a link): its header and cells stay
 * on one line, so a wide neighbour (topics, a long title) takes the squeeze instead.
 */
export const noWrap = { onHeaderCell: () => ({ style: nowrap }), onCell: () => ({ style: nowrap }) };

/** Spread into a table's title column: at least this wide, so a Chinese title does not break after every few characters. */
export const minWidth = (px: number) => ({ onCell: () => ({ style: { minWidth: px } }) });
