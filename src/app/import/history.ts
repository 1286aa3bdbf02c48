// `shopctl import history`: the recorded imports, newest first.
import type { ImportKind, ImportRecord } from '../../store/index.js';
import type { ShopApp } from '../shopApp.js';

export type { ImportKind, ImportRecord };

export function importHistory(app: ShopApp, options: { kind?: ImportKind; limit?: number } = {}): ImportRecord[] {
  return app.store.imports.history(options);
}
