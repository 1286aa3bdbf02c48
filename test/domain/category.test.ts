import { describe, it } from 'vitest';
import { categoryDecider, type CreateCategory } from '../../src/domain/category.js';
import type { CategoryCreated } from '../../src/domain/events.js';
import { given } from '../helpers/decider.js';

const NOW = '2026-01-01T00:00:00.000Z';
const ID = '11111111-1111-4111-8111-111111111111';
const PARENT = '22222222-2222-4222-8222-222222222222';

function create(overrides: Partial<CreateCategory['data']> = {}): CreateCategory {
  return {
    type: 'CreateCategory',
    data: { categoryId: ID, name: 'Apparel', parentRef: null, parent: null, nameTakenBy: null, now: NOW, ...overrides },
  };
}

const created = (name = 'Apparel', parentId: string | null = null): CategoryCreated => ({
  type: 'CategoryCreated', data: { categoryId: ID, name, parentId, createdAt: NOW },
});

describe('CreateCategory (CMD-CAT-001)', () => {
  it('given nothing, when created at the root, then CategoryCreated with a null parent', () => {
    given(categoryDecider).when(create()).then([created()]);
  });

  it('given nothing, when created under a depth-2 parent, then CategoryCreated with the parent id', () => {
    given(categoryDecider)
      .when(create({ name: '  Shirts ', parentRef: 'Clothes', parent: { id: PARENT, depth: 2 } }))
      .then([created('Shirts', PARENT)]);
  });

  it('INVALID_NAME: an empty (blank) name', () => {
    given(categoryDecider).when(create({ name: '   ' })).thenError('INVALID_NAME');
  });

  it('INVALID_NAME: a name of 81 characters', () => {
    given(categoryDecider).when(create({ name: 'x'.repeat(81) })).thenError('INVALID_NAME');
  });

  it('DUPLICATE_CATEGORY_NAME: the name is taken by another category (any letter case)', () => {
    given(categoryDecider).when(create({ name: 'APPAREL', nameTakenBy: PARENT })).thenError('DUPLICATE_CATEGORY_NAME');
  });

  it('CATEGORY_DEPTH_EXCEEDED: the parent is already at depth 3', () => {
    given(categoryDecider)
      .when(create({ parentRef: 'Deep', parent: { id: PARENT, depth: 3 } }))
      .thenError('CATEGORY_DEPTH_EXCEEDED');
  });

  it('PARENT_NOT_FOUND: a parent was named but not found', () => {
    given(categoryDecider).when(create({ parentRef: 'Nowhere', parent: null })).thenError('PARENT_NOT_FOUND');
  });

  it('idempotent re-run: same id, same name and parent → no events', () => {
    given(categoryDecider, [created()]).when(create()).then([]);
  });

  it('ID_CONFLICT: same id with another name', () => {
    given(categoryDecider, [created()]).when(create({ name: 'Shoes' })).thenError('ID_CONFLICT');
  });

  it('ID_CONFLICT: same id with another parent', () => {
    given(categoryDecider, [created()])
      .when(create({ parentRef: 'Clothes', parent: { id: PARENT, depth: 1 } }))
      .thenError('ID_CONFLICT');
  });
});
