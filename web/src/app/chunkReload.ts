/** Where the one reload after a chunk failed to load is remembered (per tab: sessionStorage). */
export const CHUNK_RELOAD_KEY = 'baomi.chunkReload';

export interface ChunkReloadEnv {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  reload: () => void;
}

/**
 * Wraps the loading of a page's code (a chunk named by its content hash). After an upgrade, a tab opened before it
 * still asks for the old chunks, which the server no longer has: the first failure reloads the page once (index.html
 * is never cached, so the reload brings the new chunk names); a failure right after that reload is real and is
 * thrown. A success forgets the reload, so a later upgrade gets its own.
 */
export function reloadOnceOnFailure<T>(load: () => Promise<T>, env: ChunkReloadEnv): () => Promise<T> {
  return async () => {
    try {
      const loaded = await load();
      env.storage.removeItem(CHUNK_RELOAD_KEY);
      return loaded;
    } catch (err) {
      if (env.storage.getItem(CHUNK_RELOAD_KEY) !== null) {
        env.storage.removeItem(CHUNK_RELOAD_KEY);
        throw err;
      }
      env.storage.setItem(CHUNK_RELOAD_KEY, '1');
      env.reload();
      // The page is going away: nothing is shown meanwhile but the loading indicator.
      return new Promise<T>(() => undefined);
    }
  };
}
