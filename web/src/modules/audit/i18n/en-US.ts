import type { Shape } from '../../../app/i18n/shape.js';
import type { zhCN } from './zh-CN.js';

/** English: the audit trail (namespace `audit`). Typed by the Chinese texts, so a missing or extra key fails the type check. */
export const enUS: Shape<typeof zhCN> = {
  nav: {
    settings: 'Audit settings',
    audit: 'Audit trail',
  },
  perm: {
    'audit.review_users': "Review ordinary users' audit events",
    'audit.review_admins': "Review the administrators' audit events",
    'audit.manage_settings': 'Manage the audit settings',
    'audit.read_own': 'Read own audit trail',
    'audit.verify': 'Verify the audit chain',
    'audit.export': 'Export the audit trail',
  },
  audit: {
    title: 'Audit trail',
    seq: 'Seq',
    time: 'Time',
    actor: 'Actor',
    actorRole: 'Role',
    action: 'Action',
    target: 'Target',
    targetHint: 'Object: number, title or name',
    result: 'Result',
    ip: 'IP',
    details: 'Details',
    hash: 'Hash',
    verify: 'Verify chain',
    verifyTitle: 'Audit chain verification',
    verifyOk: 'The audit chain is intact',
    verifyBroken: 'The audit chain is broken!',
    eventsChecked: 'Events checked',
    headSeq: 'Head seq',
    algorithm: 'Algorithm',
    checkpointsChecked: 'Checkpoints checked',
    firstBreak: 'First break',
    ownOnly: 'You can see only your own actions.',
    scopeUsers:
      "You review ordinary users' events (the access-log review) and see your own; the administrators' events are reviewed by the auditor.",
    scopeAdmins:
      "You review the system and security administrators' events and the system's jobs, and see your own; all events where the organisation's setting allows.",
    range: 'Time range',
    requestId: 'Request ID',
    lastCheckpoint: 'Last signed checkpoint',
    lastCheckpointText: 'event {{seq}}, signed {{at}}',
    noCheckpoint: 'none',
    unsignedTail: 'Not yet signed',
    unsignedTailText: '{{events}} event(s), {{from}} – {{to}} (the server signs within seconds)',
    unsignedNone: 'none: every event is covered',
    reanchor: 'Re-anchored',
    verifyOkReanchored: 'The audit chain is intact since it was re-anchored by the operator (see below)',
    reanchorText: '{{at}} at event {{seq}}: {{reason}} ({{superseded}} earlier record(s) superseded)',
  },
  archive: {
    source: 'Trail or archive segment',
    live: 'Live audit trail',
    segment: 'Archive: events {{first}}–{{last}} ({{from}} – {{to}})',
    reading:
      'You are searching an archive segment: events the retention moved out of the live trail. Reading it is recorded in the audit trail.',
    verifyLabel: 'Archive',
    verified: 'events {{first}}–{{last}} in {{segments}} segment(s), {{from}} – {{to}}: read and verified',
    notRead:
      'events {{first}}–{{last}} in {{segments}} segment(s), {{from}} – {{to}}: not read; ' +
      'the live part was verified from their signed boundary',
  },
  role: {
    system: 'System',
  },
  result: {
    success: 'Success',
    failure: 'Failure',
    denied: 'Denied',
  },
  settings: {
    title: 'Audit settings',
    split:
      "Separation of the three administrators: the security administrator reviews ordinary users' events; the auditor reviews the system and security administrators' events and the system's jobs; every administrator sees their own.",
    auditorReadsAll: 'The auditor reads the whole audit trail',
    auditorReadsAllHelp: "Off (the default): the auditor sees the administrators' and the jobs' events and their own.",
    retentionMonths: 'Keep events live for (months)',
    retentionHelp:
      'Older events are moved daily into signed archive segments (still searchable, still verified). ' +
      'At least 6 months (Cybersecurity Law Art. 21); empty keeps every event live.',
    save: 'Save',
    saved: 'Audit settings saved',
  },
};
