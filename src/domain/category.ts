// Category aggregate (CMD-CAT-001 → EVT-CAT-001).
import type { Decider } from './decider.js';
import { DomainError } from './errors.js';
import type { CategoryCreated, CategoryEvent, DateTime, UUID } from './events.js';
import { checkText } from './validation.js';

export const MAX_CATEGORY_DEPTH = 3;

export type CreateCategory = {
  type: 'CreateCategory';
  data: {
    categoryId: UUID;
    name: string;
    /** What the merchant named as parent (id or name), or null for a root category. */
    parentRef: string | null;
    /** The parent found for parentRef, if any. */
    parent: { id: UUID; depth: number } | null;
    /** Id of another category already holding this name (case-insensitively), if any. */
    nameTakenBy: UUID | null;
    now: DateTime;
  };
};
export type CategoryCommand = CreateCategory;

export type CategoryState =
  | { status: 'none' }
  | { status: 'created'; categoryId: UUID; name: string; parentId: UUID | null };

export const categoryDecider: Decider<CategoryCommand, CategoryEvent, CategoryState> = {
  initialState: { status: 'none' },
  stateVersion: 1,
  decide: (command, state) => createCategory(command, state),
  evolve: (_state, event) => ({
    status: 'created', categoryId: event.data.categoryId, name: event.data.name, parentId: event.data.parentId,
  }),
};

/** A category name: 1–80 characters after trimming, printable. */
export function checkCategoryName(name: string): string {
  return checkText(name, 'category name', 1, 80, 'INVALID_NAME');
}

function createCategory({ data }: CreateCategory, state: CategoryState): CategoryCreated[] {
  const name = checkCategoryName(data.name);
  if (data.parentRef !== null && data.parent === null) {
    throw new DomainError('PARENT_NOT_FOUND', `parent category "${data.parentRef}" does not exist`, { parent: data.parentRef });
  }
  const parentId = data.parent?.id ?? null;
  if (state.status === 'created') {
    // Re-running a create with the same id: a no-op when nothing differs, else a conflict.
    if (state.name === name && state.parentId === parentId) return [];
    throw new DomainError('ID_CONFLICT', `category ${data.categoryId} already exists with other attributes`, {
      id: data.categoryId, existing: { name: state.name, parentId: state.parentId },
    });
  }
  if (data.nameTakenBy !== null) {
    throw new DomainError('DUPLICATE_CATEGORY_NAME', `a category named "${name}" already exists`, {
      name, existingId: data.nameTakenBy,
    });
  }
  const depth = data.parent ? data.parent.depth + 1 : 1;
  if (depth > MAX_CATEGORY_DEPTH) {
    throw new DomainError(
      'CATEGORY_DEPTH_EXCEEDED',
      `category "${name}" would be at depth ${depth}; categories nest at most ${MAX_CATEGORY_DEPTH} deep`,
      { depth, maxDepth: MAX_CATEGORY_DEPTH },
    );
  }
  return [{ type: 'CategoryCreated', data: { categoryId: data.categoryId, name, parentId, createdAt: data.now } }];
}
