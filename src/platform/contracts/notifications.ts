/**
 * Notification keys: an in-app notice (and its e-mail) names its text by key (`notify.<name>`), with its
 * parameters as JSON, so each reader sees it in their own language. Each module declares its own names in
 * `contracts/notifications.ts` and adds them to `NotificationRegistry` by declaration merging, so a misspelt
 * key is a type error where a notice is sent. Their texts are the module's web namespace's `notify.<name>`
 * (a unit test checks both languages); one catalogue holding texts and parameter schemas for the inbox and
 * the e-mail alike is still to come (ADR 0017).
 */
export const PLATFORM_NOTIFICATIONS = [] as const;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationRegistry extends Record<(typeof PLATFORM_NOTIFICATIONS)[number], true> {}

export type NotificationName = keyof NotificationRegistry & string;
export type NotificationKey = `notify.${NotificationName}`;
