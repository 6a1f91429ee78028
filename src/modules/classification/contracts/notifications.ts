/** The notices classification sends (texts: the web's `classification:notify.<name>`). */
export const CLASSIFICATION_NOTIFICATIONS = [
  'custodyTransferred',
  'approvalPending',
  'requestEnded',
  'requestDecided',
  'itemDeclassified',
  'itemReclassified',
  'itemExtended',
  'scopeWidened',
  'emergencyAccess',
  'emergencyUnjustified',
  'grantRevoked',
  'reviewAssigned',
  'itemExpiring',
] as const;

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends Record<(typeof CLASSIFICATION_NOTIFICATIONS)[number], true> {}
}
