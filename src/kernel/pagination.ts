/** Page-based pagination limits shared by every list endpoint. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE = 100_000;

export function offsetOf(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}
