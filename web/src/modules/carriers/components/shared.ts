/**
 * What the carriers pages reuse of the catalogue's web module (carriers stands on classification on the server
 * too: a carrier's marking, period and scope are the catalogue's): the person, item and scope pickers, the secrecy
 * term fields and the reader's clearance. The one place this module reaches into another web module.
 */
export { UserPicker, userLabel, type PickedUser } from '../../classification/components/UserPicker.js';
export { ItemPicker } from '../../classification/components/ItemPicker.js';
export { ScopeEditor, ScopeTag, toEntries, type ScopeItem } from '../../classification/components/ScopeEditor.js';
export { TERM_DEFAULTS, TermFields, termOf, type TermValues } from '../../classification/components/TermFields.js';
export { useClassificationSettings, useClearanceRank } from '../../classification/components/common.js';
