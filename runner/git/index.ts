export { checkCanCommit } from './check.ts';
export type { CommitCheckOptions } from './check.ts';
export { commitFiles } from './commit.ts';
export type { CommitFilesOptions, CommitResult } from './commit.ts';
