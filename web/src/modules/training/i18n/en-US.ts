/** English: the training module (namespace `training`). Each part's texts are in `course.ts` etc., joined here. */
import { courseTexts } from './course.js';
import { mergeTexts } from './merge.js';
import { recordTexts } from './record.js';
import { reportTexts } from './report.js';
import { sessionTexts } from './session.js';

const common = {
  nav: { group: 'Training' },
  perm: {
    'training.view_own': 'View my training',
    'training.view_courses': 'View courses',
    'training.take': 'Take training',
    'training.record_external': 'Record external certificates',
    'training.view_campaigns': 'View publicity campaigns',
    'training.manage_courses': 'Manage courses',
    'training.manage_sessions': 'Run offline sessions',
    'training.record_completion': 'Record completions',
    'training.assign': 'Assign follow-up training',
    'training.manage_campaigns': 'Manage publicity campaigns',
    'training.manage_awareness': 'Manage awareness reminders',
    'training.manage_settings': 'Manage training settings',
    'training.view_reports': 'View training coverage',
    'training.export_reports': 'Export training coverage',
  },
  topic: {
    law: 'Laws and regulations',
    company_rules: 'Company rules',
    basics: 'Basics',
    leak_behaviours: 'Behaviours that cause leaks',
    handling_classified: 'Handling classified information',
    risk_awareness: 'Risk awareness',
    it_security: 'IT security',
  },
  courseKind: { onboarding: 'Onboarding', refresher: 'Refresher', elective: 'Elective' },
  mode: { online: 'Online', offline: 'Offline', blended: 'Online and offline' },
  courseStatus: { draft: 'Draft', published: 'Published', retired: 'Retired' },
  state: { completed: 'Completed', expiring: 'Expiring', due: 'Due', overdue: 'Overdue' },
  audience: {
    all: 'All staff',
    department: 'Department: {{name}} (with sub-departments)',
    post: 'Post: {{post}}',
    clearance: 'Cleared people: {{classes}}',
    computer_users: 'Users of classified computers',
    new_hires: 'New hires (within {{days}} days)',
    none: '(nobody)',
  },
  clearance: { core: 'Core', important: 'Important', general: 'General' },
  problem: {
    audience_duplicate_rule: 'The same audience rule is given twice',
    audience_days_out_of_range: 'New-hire days must be between 1 and 3650',
    audience_empty_classes: 'Choose at least one clearance class',
    audience_blank_post: 'Enter the post',
    course_unknown: 'Course not found or no access',
  },
};

export const enUS = mergeTexts<typeof common & { problem: Record<string, string> }>(
  common,
  courseTexts['en-US'],
  sessionTexts['en-US'],
  reportTexts['en-US'],
  recordTexts['en-US'],
);
