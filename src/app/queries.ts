// Read-side use cases for the catalogue: lists and details for the CLI.
import type { CategoryRow } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

/** Categories in tree order: each parent followed by its children, siblings by name. */
export function listCategories(app: ShopApp): CategoryRow[] {
  const all = app.store.catalogue.categories();
  const children = new Map<string | null, CategoryRow[]>();
  for (const c of all) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const ordered: CategoryRow[] = [];
  const visit = (parentId: string | null) => {
    for (const c of (children.get(parentId) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push(c);
      visit(c.id);
    }
  };
  visit(null);
  return ordered;
}
