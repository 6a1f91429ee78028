/** The notices identity sends (texts: the web's `identity:notify.<name>`). */
export const IDENTITY_NOTIFICATIONS = [
  'adminRoleChanged',
  'needToKnowMoved',
  'departmentMoved',
  'userDeparted',
  'passwordExpiring',
] as const;

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends Record<(typeof IDENTITY_NOTIFICATIONS)[number], true> {}
}
