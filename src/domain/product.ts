// Product aggregate with its variants: CMD-PROD-001..004 → EVT-PROD-001..003.
import type { Decider } from './decider.js';
import { DomainError } from './errors.js';
import type { DateTime, ProductEvent, UUID, VariantDetails } from './events.js';
import { formatMinorUnits, MAX_PRICE_MINOR, MIN_PRICE_MINOR, type Money } from './money.js';
import { describeTextProblem, freeTextProblem } from './text.js';
import { checkQuantity, checkSku, checkText } from './validation.js';

export const MAX_INITIAL_STOCK = 1_000_000;
export const MAX_DESCRIPTION_LENGTH = 5000;

export type CreateProduct = {
  type: 'CreateProduct';
  data: {
    productId: UUID;
    inventoryId: UUID;
    name: string;
    description: string;
    price: Money;
    /** What the merchant named (id or name) and what was found for it. */
    categoryRef: string;
    categoryId: UUID | null;
    sku: string | null;
    /** Product id owning this SKU already (case-insensitively), if any. */
    skuTakenBy: UUID | null;
    initialStock: number;
    /**
     * When the product already exists: the stock its creation recorded (found by the caller),
     * so that a re-run with another --stock is told apart from a true re-run.
     */
    recordedInitialStock?: number;
    now: DateTime;
  };
};
export type DeactivateProduct = { type: 'DeactivateProduct'; data: { productId: UUID; now: DateTime } };
export type UpdateProductPrice = { type: 'UpdateProductPrice'; data: { productId: UUID; newPrice: Money; now: DateTime } };
export type AddProductVariant = {
  type: 'AddProductVariant';
  data: {
    productId: UUID;
    variantId: UUID;
    inventoryId: UUID;
    sku: string;
    size: string | null;
    color: string | null;
    priceModifier: Money;
    /** Owner of this SKU already, if any: a product id, or "<productId>/<variantId>". */
    skuTakenBy: string | null;
    /** Another product that already has a variant with this id (a reused --id), if any. */
    variantIdTakenBy?: UUID | null;
    now: DateTime;
  };
};
export type ActivateProduct = { type: 'ActivateProduct'; data: { productId: UUID; now: DateTime } };
/** Name, description and category; a field left undefined is kept. */
export type UpdateProductDetails = {
  type: 'UpdateProductDetails';
  data: {
    productId: UUID; name?: string; description?: string;
    /** What the merchant named and what was found for it (null: no such category). */
    category?: { ref: string; id: UUID | null };
    now: DateTime;
  };
};
export type ProductCommand = CreateProduct | DeactivateProduct | UpdateProductPrice | AddProductVariant | ActivateProduct | UpdateProductDetails;

export interface ExistingProduct {
  productId: UUID;
  name: string;
  description: string;
  sku: string | null;
  price: Money;
  categoryId: UUID;
  inventoryId: UUID;
  active: boolean;
  variants: VariantDetails[];
  /** The attributes the product was created with: a re-run of the create compares with these. */
  createdAs: { name: string; description: string; sku: string | null; categoryId: UUID; price: Money };
}
export type ProductState = { status: 'none' } | ({ status: 'created' } & ExistingProduct);

export const productDecider: Decider<ProductCommand, ProductEvent, ProductState> = {
  initialState: { status: 'none' },
  stateVersion: 1,
  decide(command, state) {
    switch (command.type) {
      case 'CreateProduct': return createProduct(command.data, state);
      case 'DeactivateProduct': return deactivateProduct(command.data, requireProduct(state, command.data.productId));
      case 'UpdateProductPrice': return updatePrice(command.data, requireProduct(state, command.data.productId));
      case 'AddProductVariant': return addVariant(command.data, requireProduct(state, command.data.productId));
      case 'ActivateProduct': return activateProduct(command.data, requireProduct(state, command.data.productId));
      case 'UpdateProductDetails': return updateDetails(command.data, requireProduct(state, command.data.productId));
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ProductCreated': {
        const d = event.data;
        return {
          status: 'created', productId: d.productId, name: d.name, description: d.description, sku: d.sku,
          price: d.price, categoryId: d.categoryId, inventoryId: d.inventoryId, active: true, variants: [],
          createdAs: { name: d.name, description: d.description, sku: d.sku, categoryId: d.categoryId, price: d.price },
        };
      }
      case 'ProductDeactivated':
        return state.status === 'created' ? { ...state, active: false } : state;
      case 'ProductUpdated': {
        if (state.status !== 'created') return state;
        const { price, variant, active, name, description, categoryId } = event.data;
        return {
          ...state,
          price: price ?? state.price,
          active: active ?? state.active,
          name: name ?? state.name,
          description: description ?? state.description,
          categoryId: categoryId ?? state.categoryId,
          variants: variant ? [...state.variants, variant] : state.variants,
        };
      }
    }
  },
};

function requireProduct(state: ProductState, productId: UUID): ExistingProduct {
  if (state.status === 'none') {
    throw new DomainError('PRODUCT_NOT_FOUND', `product ${productId} does not exist`, { productId });
  }
  return state;
}

export function checkPrice(price: Money, field = 'price'): Money {
  if (!Number.isSafeInteger(price.amount) || price.amount < MIN_PRICE_MINOR || price.amount > MAX_PRICE_MINOR) {
    throw new DomainError(
      'INVALID_PRICE',
      `${field} must be from 0.01 to 1000000.00 (got ${formatMinorUnits(price.amount)})`,
      { field, amount: price.amount },
    );
  }
  return price;
}

/** A product name: 2–120 characters after trimming, printable. */
export function checkProductName(name: string): string {
  return checkText(name, 'product name', 2, 120, 'INVALID_NAME');
}

/** A description: at most 5,000 characters after trimming. */
export function checkDescription(text: string): string {
  const description = text.trim();
  if ([...description].length > MAX_DESCRIPTION_LENGTH) {
    throw new DomainError('INVALID_DESCRIPTION', `description must be at most ${MAX_DESCRIPTION_LENGTH} characters`, {
      length: [...description].length,
    });
  }
  const problem = freeTextProblem(description);
  if (problem) throw new DomainError('INVALID_DESCRIPTION', `description ${describeTextProblem(problem)}`, { problem });
  return description;
}

function createProduct(data: CreateProduct['data'], state: ProductState): ProductEvent[] {
  const name = checkProductName(data.name);
  const description = checkDescription(data.description);
  const price = checkPrice(data.price);
  const sku = data.sku === null ? null : checkSku(data.sku);
  checkQuantity(data.initialStock, 'initial stock', 0, MAX_INITIAL_STOCK);
  if (data.categoryId === null) {
    throw new DomainError('CATEGORY_NOT_FOUND', `category "${data.categoryRef}" does not exist`, { category: data.categoryRef });
  }
  if (state.status === 'created') {
    // A re-run of the same create is judged against what the create recorded, not against
    // later changes (a price update since then does not turn a retry into a conflict).
    const was = state.createdAs;
    const same = was.name === name && was.description === description && was.sku === sku &&
      was.categoryId === data.categoryId && was.price.amount === price.amount &&
      (data.recordedInitialStock === undefined || data.recordedInitialStock === data.initialStock);
    if (same) return [];
    throw new DomainError('ID_CONFLICT', `product ${data.productId} already exists with other attributes`, {
      id: data.productId, existing: { ...was, initialStock: data.recordedInitialStock },
    });
  }
  if (sku !== null && data.skuTakenBy !== null) {
    throw new DomainError('DUPLICATE_SKU', `SKU "${sku}" is already used`, { sku, owner: data.skuTakenBy });
  }
  return [{
    type: 'ProductCreated',
    data: {
      productId: data.productId, name, price, categoryId: data.categoryId, createdAt: data.now,
      sku, description, inventoryId: data.inventoryId,
    },
  }];
}

function deactivateProduct(data: DeactivateProduct['data'], product: ExistingProduct): ProductEvent[] {
  if (!product.active) {
    throw new DomainError('PRODUCT_ALREADY_INACTIVE', `product ${product.productId} is already inactive`, {
      productId: product.productId,
    });
  }
  return [{ type: 'ProductDeactivated', data: { productId: product.productId, deactivatedAt: data.now } }];
}

function activateProduct(data: ActivateProduct['data'], product: ExistingProduct): ProductEvent[] {
  if (product.active) {
    throw new DomainError('PRODUCT_ALREADY_ACTIVE', `product ${product.productId} is already on sale`, { productId: product.productId });
  }
  return [{ type: 'ProductUpdated', data: { productId: product.productId, updatedFields: ['active'], updatedAt: data.now, active: true } }];
}

function updateDetails(data: UpdateProductDetails['data'], product: ExistingProduct): ProductEvent[] {
  if (data.name === undefined && data.description === undefined && data.category === undefined) {
    throw new DomainError('NOTHING_TO_UPDATE', 'give at least one of --name, --description, --category', { productId: product.productId });
  }
  const name = data.name === undefined ? undefined : checkProductName(data.name);
  const description = data.description === undefined ? undefined : checkDescription(data.description);
  if (data.category && data.category.id === null) {
    throw new DomainError('CATEGORY_NOT_FOUND', `category "${data.category.ref}" does not exist`, { category: data.category.ref });
  }
  const categoryId = data.category?.id ?? undefined;
  const changed: { name?: string; description?: string; categoryId?: UUID } = {};
  const fields: string[] = [];
  if (name !== undefined && name !== product.name) (changed.name = name, fields.push('name'));
  if (description !== undefined && description !== product.description) (changed.description = description, fields.push('description'));
  if (categoryId !== undefined && categoryId !== product.categoryId) (changed.categoryId = categoryId, fields.push('category'));
  if (fields.length === 0) return []; // the same values again: nothing to record
  return [{ type: 'ProductUpdated', data: { productId: product.productId, updatedFields: fields, updatedAt: data.now, ...changed } }];
}

function updatePrice(data: UpdateProductPrice['data'], product: ExistingProduct): ProductEvent[] {
  const price = checkPrice(data.newPrice);
  if (price.amount === product.price.amount) return []; // unchanged: nothing to record
  for (const variant of product.variants) checkVariantPrice(price, variant.priceModifier, variant.sku);
  return [{
    type: 'ProductUpdated',
    data: {
      productId: product.productId, updatedFields: ['price'], updatedAt: data.now, price, previousPrice: product.price,
    },
  }];
}

function checkVariantPrice(productPrice: Money, modifier: Money, sku: string): void {
  const variantPrice = productPrice.amount + modifier.amount;
  if (variantPrice < MIN_PRICE_MINOR || variantPrice > MAX_PRICE_MINOR) {
    throw new DomainError(
      'INVALID_PRICE',
      `variant ${sku} would cost ${formatMinorUnits(variantPrice)}; a variant's price must stay from 0.01 to 1000000.00`,
      { sku, variantPrice },
    );
  }
}

function addVariant(data: AddProductVariant['data'], product: ExistingProduct): ProductEvent[] {
  const sku = checkSku(data.sku);
  const size = optionalAttribute(data.size, 'size');
  const color = optionalAttribute(data.color, 'color');
  const existing = product.variants.find((v) => v.variantId === data.variantId);
  if (existing) {
    const same = existing.sku === sku && existing.size === size && existing.color === color &&
      existing.priceModifier.amount === data.priceModifier.amount;
    if (same) return [];
    throw new DomainError('ID_CONFLICT', `variant ${data.variantId} already exists with other attributes`, {
      id: data.variantId,
    });
  }
  if (data.variantIdTakenBy) {
    throw new DomainError('ID_CONFLICT', `variant ${data.variantId} already belongs to product ${data.variantIdTakenBy}`, {
      id: data.variantId, productId: data.variantIdTakenBy,
    });
  }
  if (!product.active) {
    throw new DomainError('PRODUCT_INACTIVE', `product ${product.productId} is inactive`, { productId: product.productId });
  }
  if (size === null && color === null) {
    throw new DomainError('NO_VARIANT_ATTRIBUTE', 'a variant needs a size or a colour (or both)', { sku });
  }
  if (data.skuTakenBy !== null) {
    throw new DomainError('DUPLICATE_SKU', `SKU "${sku}" is already used`, { sku, owner: data.skuTakenBy });
  }
  checkVariantPrice(product.price, data.priceModifier, sku);
  const variant: VariantDetails = {
    variantId: data.variantId, sku, size, color, priceModifier: data.priceModifier, inventoryId: data.inventoryId,
  };
  return [{
    type: 'ProductUpdated',
    data: { productId: product.productId, updatedFields: ['variants'], updatedAt: data.now, variant },
  }];
}

function optionalAttribute(value: string | null, field: string): string | null {
  if (value === null || value.trim() === '') return null;
  return checkText(value, field, 1, 40, 'INVALID_VARIANT_ATTRIBUTE');
}
