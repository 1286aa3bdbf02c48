// Catalogue use cases: categories, products, variants. Each resolves references and hands
// the command with what it found to the aggregate's decider (UnitOfWork.handle).
import { categoryDecider } from '../domain/category.js';
import { DomainError } from '../domain/errors.js';
import { streamIdOf } from '../domain/events.js';
import { productDecider, type CreateProduct, type ProductNamed } from '../domain/product.js';
import { derivedId, type ShopApp } from './shopApp.js';
import { useCase } from './outcome.js';
import { removeProductFromCarts } from './cartCleanup.js';
import { restockItem } from './inventory.js';

export interface CreateCategoryInput { id?: string; name: string; parent?: string }

export const createCategory = useCase('CreateCategory', (app, uow, info, input: CreateCategoryInput): string => {
  const categoryId = input.id ?? uow.newId();
  const parentRef = input.parent ?? null;
  const parent = parentRef === null ? undefined : app.store.catalogue.findCategory(parentRef);
  const taken = app.store.catalogue.categoryByNameKey(input.name);
  uow.handle(streamIdOf.category(categoryId), categoryDecider, {
    type: 'CreateCategory',
    data: {
      categoryId, name: input.name, parentRef, parent: parent ? { id: parent.id, depth: parent.depth } : null,
      nameTakenBy: taken && taken.id !== categoryId ? taken.id : null, now: uow.now,
    },
  }, info);
  return categoryId;
});

export interface CreateProductInput {
  id?: string; name: string; priceMinor: number; category: string; description?: string; stock?: number; sku?: string;
}

export const createProduct = useCase('CreateProduct', (app, uow, info, input: CreateProductInput): string => {
  const productId = input.id ?? uow.newId();
  const inventoryId = derivedId.inventoryOfProduct(productId);
  const category = app.store.catalogue.findCategory(input.category);
  const sku = input.sku?.trim() || null;
  const owner = sku === null ? undefined : app.store.catalogue.skuOwner(sku);
  const initialStock = input.stock ?? 0;
  const created = uow.handle(streamIdOf.product(productId), productDecider, (state): CreateProduct => ({
    type: 'CreateProduct',
    data: {
      productId, inventoryId, name: input.name, description: input.description ?? '',
      price: { amount: input.priceMinor, currency: app.currency() }, categoryRef: input.category,
      categoryId: category?.id ?? null, sku, skuTakenBy: owner && owner.productId !== productId ? owner.productId : null,
      initialStock, recordedInitialStock: state.status === 'created' ? initialStockOf(app, inventoryId) : undefined, now: uow.now,
    },
  }), info);
  if (created.length > 0 && initialStock > 0) restockItem(uow, info, { inventoryId, productId, variantId: null }, initialStock);
  return productId;
});

/** The stock a product's creation put on its own item: its first restock, if the create wrote it. */
function initialStockOf(app: ShopApp, inventoryId: string): number {
  const first = app.store.events.firstEvent(streamIdOf.inventory(inventoryId));
  if (first?.type !== 'InventoryRestocked' || first.metadata.command !== 'CreateProduct') return 0;
  return (first.data as { addedQuantity: number }).addedQuantity;
}

/**
 * The product a reference leads to: by id or SKU, or by one of its variants' SKUs (which the
 * decider refuses, see ProductNamed); PRODUCT_NOT_FOUND when it leads nowhere.
 */
function productNamed(app: ShopApp, ref: string): { productId: string; named: ProductNamed } {
  const catalogue = app.store.catalogue;
  const owner = catalogue.skuOwner(ref);
  const isVariantSku = Boolean(owner?.variantId) && !catalogue.product(ref);
  const productId = isVariantSku ? owner!.productId : catalogue.findProduct(ref)?.id;
  if (!productId) throw new DomainError('PRODUCT_NOT_FOUND', `product "${ref}" does not exist`, { product: ref });
  return { productId, named: { ref, isVariantSku } };
}

export interface DeactivateInput { product: string }

/** Also inside an import's transaction: a product file deactivates the draft products it created. */
export const deactivateProduct = useCase('DeactivateProduct', (app, uow, info, input: DeactivateInput): string => {
  const { productId, named } = productNamed(app, input.product);
  uow.handle(streamIdOf.product(productId), productDecider, { type: 'DeactivateProduct', data: { productId, now: uow.now, named } }, info);
  // A deactivated product can no longer be bought: take it out of every cart, same transaction.
  removeProductFromCarts(app, uow, info, productId);
  return productId;
});

export interface ActivateInput { product: string }

/** Puts a product back on sale (ProductUpdated, updatedFields ["active"]). */
export const activateProduct = useCase('ActivateProduct', (app, uow, info, input: ActivateInput): string => {
  const { productId, named } = productNamed(app, input.product);
  uow.handle(streamIdOf.product(productId), productDecider, { type: 'ActivateProduct', data: { productId, now: uow.now, named } }, info);
  return productId;
});

export interface UpdateProductInput { product: string; name?: string; description?: string; category?: string }

/** Changes name, description and/or category (ProductUpdated with those fields). */
export const updateProductDetails = useCase('UpdateProductDetails', (app, uow, info, input: UpdateProductInput): string => {
  const { productId, named } = productNamed(app, input.product);
  const category = input.category === undefined ? undefined
    : { ref: input.category, id: app.store.catalogue.findCategory(input.category)?.id ?? null };
  uow.handle(streamIdOf.product(productId), productDecider, {
    type: 'UpdateProductDetails', data: { productId, name: input.name, description: input.description, category, now: uow.now, named },
  }, info);
  return productId;
});

export interface UpdatePriceInput { product: string; priceMinor: number }

export const updateProductPrice = useCase('UpdateProductPrice', (app, uow, info, input: UpdatePriceInput): string => {
  const { productId, named } = productNamed(app, input.product);
  uow.handle(streamIdOf.product(productId), productDecider, {
    type: 'UpdateProductPrice',
    data: { productId, newPrice: { amount: input.priceMinor, currency: app.currency() }, now: uow.now, named },
  }, info);
  return productId;
});

export interface AddVariantInput {
  product: string; id?: string; sku: string; size?: string; color?: string; priceModifierMinor?: number;
}

export const addProductVariant = useCase('AddProductVariant', (app, uow, info, input: AddVariantInput): string => {
  const { productId, named } = productNamed(app, input.product);
  const variantId = input.id ?? uow.newId();
  const owner = app.store.catalogue.skuOwner(input.sku);
  const ownedBySelf = owner?.variantId === variantId;
  const sameIdElsewhere = app.store.catalogue.variant(variantId);
  uow.handle(streamIdOf.product(productId), productDecider, {
    type: 'AddProductVariant',
    data: {
      productId, variantId, inventoryId: derivedId.inventoryOfVariant(variantId), sku: input.sku,
      size: input.size ?? null, color: input.color ?? null,
      priceModifier: { amount: input.priceModifierMinor ?? 0, currency: app.currency() },
      skuTakenBy: owner && !ownedBySelf ? (owner.variantId ? `${owner.productId}/${owner.variantId}` : owner.productId) : null,
      variantIdTakenBy: sameIdElsewhere && sameIdElsewhere.productId !== productId ? sameIdElsewhere.productId : null,
      now: uow.now, named,
    },
  }, info);
  return variantId;
});
