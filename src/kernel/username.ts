/**
 * The key a username is unique by and looked up by: Unicode NFKC (full-width and compatibility forms fold to
 * their plain letters) then lower case. "Twin4x", "tWin4x" and "ｔｗｉｎ４ｘ" are one username.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}
