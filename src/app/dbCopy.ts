// Moving a whole shop between stores (a file and a PostgreSQL database, either way): the
// store copies and verifies (store/copy.ts); this names the use case for the commands.
import { copyShopBetween, type CopyProgress, type CopyResult } from '../store/index.js';

export type { CopyProgress, CopyResult };

export function copyShop(from: string, to: string, onProgress?: (progress: CopyProgress) => void): CopyResult {
  return copyShopBetween(from, to, onProgress);
}
