/**
 * Identity: people, departments, sign-in and sessions, the account policy, the directory. What other modules
 * may use of it (they import nothing else of this folder; test/unit/architecture.test.ts checks).
 */
export { findUserById, findUserByUsername, toActor, type UserRow } from './repositories/user-repo.js';
