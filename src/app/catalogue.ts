// Catalogue use cases: categories, products, variants. Each resolves references, asks the
// pure decider and appends what it decided.
import { categoryDecider } from '../domain/category.js';
import { DomainError } from '../domain/errors.js';
import { streamIdOf } from '../domain/events.js';
import { inventoryDecider } from '../domain/inventory.js';
import { productDecider } from '../domain/product.js';
import type { CommandInfo, UnitOfWork } from '../store/index.js';
import { derivedId, type ShopApp } from './shopApp.js';
import type { CommandOutcome } from './outcome.js';
import { removeProductFromCarts } from './cartCleanup.js';

export interface CreateCategoryInput { id?: string; name: string; parent?: string }

export function createCategory(app: ShopApp, input: CreateCategoryInput): CommandOutcome {
  const { value: id, events } = app.execute('CreateCategory', (uow, info) => createCategoryInUnitOfWork(app, uow, info, input));
  return { id, events, unchanged: events.length === 0 };
}

/** CreateCategory inside an open unit of work (bulk import runs many in one transaction). */
export function createCategoryInUnitOfWork(app: ShopApp, uow: UnitOfWork, info: CommandInfo, input: CreateCategoryInput): string {
  const categoryId = input.id ?? uow.newId();
  const parentRef = input.parent ?? null;
  const parent = parentRef === null ? undefined : app.store.catalogue.findCategory(parentRef);
  const taken = app.store.catalogue.categoryByNameKey(input.name);
  const streamId = streamIdOf.category(categoryId);
  const { state, version } = uow.load(streamId, categoryDecider);
  const decided = categoryDecider.decide({
    type: 'CreateCategory',
    data: {
      categoryId, name: input.name, parentRef, parent: parent ? { id: parent.id, depth: parent.depth } : null,
      nameTakenBy: taken && taken.id !== categoryId ? taken.id : null, now: uow.now,
    },
  }, state);
  uow.append(streamId, version, decided, info);
  return categoryId;
}

export interface CreateProductInput {
  id?: string; name: string; priceMinor: number; category: string; description?: string; stock?: number; sku?: string;
}

export function createProduct(app: ShopApp, input: CreateProductInput): CommandOutcome {
  const { value: id, events } = app.execute('CreateProduct', (uow, info) => createProductInUnitOfWork(app, uow, info, input));
  return { id, events, unchanged: events.length === 0 };
}

/** CreateProduct inside an open unit of work (bulk import runs many in one transaction). */
export function createProductInUnitOfWork(app: ShopApp, uow: UnitOfWork, info: CommandInfo, input: CreateProductInput): string {
  const productId = input.id ?? uow.newId();
  const inventoryId = derivedId.inventoryOfProduct(productId);
  const category = app.store.catalogue.findCategory(input.category);
  const sku = input.sku?.trim() || null;
  const owner = sku === null ? undefined : app.store.catalogue.skuOwner(sku);
  const streamId = streamIdOf.product(productId);
  const { state, version } = uow.load(streamId, productDecider);
  const initialStock = input.stock ?? 0;
  const recordedInitialStock = state.status === 'created' ? initialStockOf(app, inventoryId) : undefined;
  const decided = productDecider.decide({
    type: 'CreateProduct',
    data: {
      productId, inventoryId, name: input.name, description: input.description ?? '',
      price: { amount: input.priceMinor, currency: app.currency() }, categoryRef: input.category,
      categoryId: category?.id ?? null, sku, skuTakenBy: owner && owner.productId !== productId ? owner.productId : null,
      initialStock, recordedInitialStock, now: uow.now,
    },
  }, state);
  uow.append(streamId, version, decided, info);
  if (decided.length > 0 && initialStock > 0) {
    const item = { inventoryId, productId, variantId: null };
    restockItem(uow, info, item, initialStock);
  }
  return productId;
}

/** The stock a product's creation put on its own item: its first restock, if the create wrote it. */
function initialStockOf(app: ShopApp, inventoryId: string): number {
  const first = app.store.eventLog.firstEvent(streamIdOf.inventory(inventoryId));
  if (first?.type !== 'InventoryRestocked' || first.metadata.command !== 'CreateProduct') return 0;
  return (first.data as { addedQuantity: number }).addedQuantity;
}

/** Loads a product by id or SKU inside the unit of work; PRODUCT_NOT_FOUND when unknown. */
export function loadProduct(app: ShopApp, uow: UnitOfWork, ref: string) {
  // A variant's SKU does not name its product here: deactivating or repricing "HOOD-L" must not
  // silently deactivate or reprice every size of the hoodie.
  const owner = app.store.catalogue.skuOwner(ref);
  if (owner?.variantId && !app.store.catalogue.product(ref)) {
    const product = app.store.catalogue.product(owner.productId);
    throw new DomainError(
      'PRODUCT_NOT_FOUND',
      `"${ref}" is a variant SKU; name the product itself (${product?.sku ?? owner.productId})`,
      { product: ref, variantOf: owner.productId },
    );
  }
  const row = app.store.catalogue.findProduct(ref);
  if (!row) throw new DomainError('PRODUCT_NOT_FOUND', `product "${ref}" does not exist`, { product: ref });
  const streamId = streamIdOf.product(row.id);
  const { state, version } = uow.load(streamId, productDecider);
  return { productId: row.id, streamId, state, version };
}

export function deactivateProduct(app: ShopApp, ref: string): CommandOutcome {
  const { value: id, events } = app.execute('DeactivateProduct', (uow, info) => deactivateProductInUnitOfWork(app, uow, info, ref));
  return { id, events, unchanged: false };
}

/** DeactivateProduct inside an open unit of work (an import deactivates draft products it created). */
export function deactivateProductInUnitOfWork(app: ShopApp, uow: UnitOfWork, info: CommandInfo, ref: string): string {
  const { productId, streamId, state, version } = loadProduct(app, uow, ref);
  const decided = productDecider.decide({ type: 'DeactivateProduct', data: { productId, now: uow.now } }, state);
  uow.append(streamId, version, decided, info);
  // A deactivated product can no longer be bought: take it out of every cart, same transaction.
  removeProductFromCarts(app, uow, info, productId);
  return productId;
}

/** Puts a product back on sale (ProductUpdated, updatedFields ["active"]). */
export function activateProduct(app: ShopApp, ref: string): CommandOutcome {
  const { value: id, events } = app.execute('ActivateProduct', (uow, info) => {
    const { productId, streamId, state, version } = loadProduct(app, uow, ref);
    uow.append(streamId, version, productDecider.decide({ type: 'ActivateProduct', data: { productId, now: uow.now } }, state), info);
    return productId;
  });
  return { id, events, unchanged: false };
}

export interface UpdateProductInput { product: string; name?: string; description?: string; category?: string }

/** Changes name, description and/or category (ProductUpdated with those fields). */
export function updateProductDetails(app: ShopApp, input: UpdateProductInput): CommandOutcome {
  const { value: id, events } = app.execute('UpdateProductDetails', (uow, info) => {
    const { productId, streamId, state, version } = loadProduct(app, uow, input.product);
    const category = input.category === undefined ? undefined
      : { ref: input.category, id: app.store.catalogue.findCategory(input.category)?.id ?? null };
    uow.append(streamId, version, productDecider.decide({
      type: 'UpdateProductDetails', data: { productId, name: input.name, description: input.description, category, now: uow.now },
    }, state), info);
    return productId;
  });
  return { id, events, unchanged: events.length === 0 };
}

export function updateProductPrice(app: ShopApp, ref: string, priceMinor: number): CommandOutcome {
  const { value: id, events } = app.execute('UpdateProductPrice', (uow, info) => updateProductPriceInUnitOfWork(app, uow, info, ref, priceMinor));
  return { id, events, unchanged: events.length === 0 };
}

/** UpdateProductPrice inside an open unit of work (bulk import runs many in one transaction). */
export function updateProductPriceInUnitOfWork(app: ShopApp, uow: UnitOfWork, info: CommandInfo, ref: string, priceMinor: number): string {
  const { productId, streamId, state, version } = loadProduct(app, uow, ref);
  const decided = productDecider.decide({
    type: 'UpdateProductPrice',
    data: { productId, newPrice: { amount: priceMinor, currency: app.currency() }, now: uow.now },
  }, state);
  uow.append(streamId, version, decided, info);
  return productId;
}

export interface AddVariantInput {
  product: string; id?: string; sku: string; size?: string; color?: string; priceModifierMinor?: number;
}

export function addProductVariant(app: ShopApp, input: AddVariantInput): CommandOutcome {
  const { value: id, events } = app.execute('AddProductVariant', (uow, info) => addProductVariantInUnitOfWork(app, uow, info, input));
  return { id, events, unchanged: events.length === 0 };
}

/** AddProductVariant inside an open unit of work (bulk import runs many in one transaction). */
export function addProductVariantInUnitOfWork(app: ShopApp, uow: UnitOfWork, info: CommandInfo, input: AddVariantInput): string {
  const { productId, streamId, state, version } = loadProduct(app, uow, input.product);
  const variantId = input.id ?? uow.newId();
  const owner = app.store.catalogue.skuOwner(input.sku);
  const ownedBySelf = owner?.variantId === variantId;
  const sameIdElsewhere = app.store.catalogue.variant(variantId);
  const decided = productDecider.decide({
    type: 'AddProductVariant',
    data: {
      productId, variantId, inventoryId: derivedId.inventoryOfVariant(variantId), sku: input.sku,
      size: input.size ?? null, color: input.color ?? null,
      priceModifier: { amount: input.priceModifierMinor ?? 0, currency: app.currency() },
      skuTakenBy: owner && !ownedBySelf ? (owner.variantId ? `${owner.productId}/${owner.variantId}` : owner.productId) : null,
      variantIdTakenBy: sameIdElsewhere && sameIdElsewhere.productId !== productId ? sameIdElsewhere.productId : null,
      now: uow.now,
    },
  }, state);
  uow.append(streamId, version, decided, info);
  return variantId;
}

/** Restocks one inventory item inside an open unit of work. */
export function restockItem(
  uow: UnitOfWork, info: CommandInfo, item: { inventoryId: string; productId: string; variantId: string | null }, quantity: number,
) {
  const streamId = streamIdOf.inventory(item.inventoryId);
  const { state, version } = uow.load(streamId, inventoryDecider);
  const decided = inventoryDecider.decide({ type: 'RestockInventory', data: { item, quantity, now: uow.now } }, state);
  return uow.append(streamId, version, decided, info);
}
