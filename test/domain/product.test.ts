import { describe, it } from 'vitest';
import type { ProductCreated, ProductDeactivated, ProductUpdated, VariantDetails } from '../../src/domain/events.js';
import { productDecider, type AddProductVariant, type CreateProduct, type UpdateProductDetails } from '../../src/domain/product.js';
import { given } from '../helpers/decider.js';

const NOW = '2026-01-01T00:00:00.000Z';
const P = '11111111-1111-4111-8111-111111111111';
const INV = '22222222-2222-4222-8222-222222222222';
const CAT = '33333333-3333-4333-8333-333333333333';
const V = '44444444-4444-4444-8444-444444444444';
const VINV = '55555555-5555-4555-8555-555555555555';
const OTHER = '66666666-6666-4666-8666-666666666666';
const usd = (amount: number) => ({ amount, currency: 'USD' });

function create(overrides: Partial<CreateProduct['data']> = {}): CreateProduct {
  return {
    type: 'CreateProduct',
    data: {
      productId: P, inventoryId: INV, name: 'T-shirt', description: 'Cotton', price: usd(1999), categoryRef: 'Shirts',
      categoryId: CAT, sku: 'TEE-1', skuTakenBy: null, initialStock: 0, now: NOW, ...overrides,
    },
  };
}

function addVariant(overrides: Partial<AddProductVariant['data']> = {}): AddProductVariant {
  return {
    type: 'AddProductVariant',
    data: {
      productId: P, variantId: V, inventoryId: VINV, sku: 'TEE-1-M', size: 'M', color: null, priceModifier: usd(0),
      skuTakenBy: null, now: NOW, ...overrides,
    },
  };
}

const productCreated: ProductCreated = {
  type: 'ProductCreated',
  data: {
    productId: P, name: 'T-shirt', price: usd(1999), categoryId: CAT, createdAt: NOW, sku: 'TEE-1', description: 'Cotton',
    inventoryId: INV,
  },
};
const variant = (overrides: Partial<VariantDetails> = {}): VariantDetails => ({
  variantId: V, sku: 'TEE-1-M', size: 'M', color: null, priceModifier: usd(0), inventoryId: VINV, ...overrides,
});
const variantAdded = (v: VariantDetails): ProductUpdated => ({
  type: 'ProductUpdated', data: { productId: P, updatedFields: ['variants'], updatedAt: NOW, variant: v },
});
const deactivated: ProductDeactivated = { type: 'ProductDeactivated', data: { productId: P, deactivatedAt: NOW } };
const priceUpdate = (amount: number) => ({ type: 'UpdateProductPrice' as const, data: { productId: P, newPrice: usd(amount), now: NOW } });

describe('CreateProduct (CMD-PROD-001)', () => {
  it('given nothing, when created, then ProductCreated with the seed payload and implied fields', () => {
    given(productDecider).when(create({ name: '  T-shirt  ', description: ' Cotton ' })).then([productCreated]);
  });

  it('accepts the price bounds 0.01 and 1,000,000.00', () => {
    given(productDecider).when(create({ price: usd(1) })).then([{ ...productCreated, data: { ...productCreated.data, price: usd(1) } }]);
    given(productDecider).when(create({ price: usd(100_000_000) }))
      .then([{ ...productCreated, data: { ...productCreated.data, price: usd(100_000_000) } }]);
  });

  it('INVALID_NAME: a name of 1 character after trimming', () => {
    given(productDecider).when(create({ name: ' T ' })).thenError('INVALID_NAME');
  });

  it('INVALID_NAME: a name of 121 characters', () => {
    given(productDecider).when(create({ name: 'x'.repeat(121) })).thenError('INVALID_NAME');
  });

  it('INVALID_PRICE: price 0', () => {
    given(productDecider).when(create({ price: usd(0) })).thenError('INVALID_PRICE');
  });

  it('INVALID_PRICE: price above 1,000,000.00', () => {
    given(productDecider).when(create({ price: usd(100_000_001) })).thenError('INVALID_PRICE');
  });

  it('CATEGORY_NOT_FOUND: the category named does not exist', () => {
    given(productDecider).when(create({ categoryRef: 'Nope', categoryId: null })).thenError('CATEGORY_NOT_FOUND');
  });

  it('DUPLICATE_SKU: the SKU belongs to another product', () => {
    given(productDecider).when(create({ skuTakenBy: OTHER })).thenError('DUPLICATE_SKU');
  });

  it('INVALID_QUANTITY: initial stock below 0', () => {
    given(productDecider).when(create({ initialStock: -1 })).thenError('INVALID_QUANTITY');
  });

  it('INVALID_QUANTITY: initial stock above 1,000,000', () => {
    given(productDecider).when(create({ initialStock: 1_000_001 })).thenError('INVALID_QUANTITY');
  });

  it('INVALID_DESCRIPTION: a description over 5,000 characters', () => {
    given(productDecider).when(create({ description: 'x'.repeat(5001) })).thenError('INVALID_DESCRIPTION');
  });

  it('idempotent re-run: same id and attributes → no events', () => {
    given(productDecider, [productCreated]).when(create({ recordedInitialStock: 0 })).then([]);
  });

  it('idempotent re-run is judged against the create, not later price changes', () => {
    const updated: ProductUpdated = {
      type: 'ProductUpdated',
      data: { productId: P, updatedFields: ['price'], updatedAt: NOW, price: usd(2499), previousPrice: usd(1999) },
    };
    given(productDecider, [productCreated, updated]).when(create()).then([]);
  });

  it('ID_CONFLICT: same id with another price', () => {
    given(productDecider, [productCreated]).when(create({ price: usd(2999) })).thenError('ID_CONFLICT');
  });

  it('ID_CONFLICT: same id with another initial stock', () => {
    given(productDecider, [productCreated]).when(create({ initialStock: 5, recordedInitialStock: 0 })).thenError('ID_CONFLICT');
  });
});

describe('DeactivateProduct (CMD-PROD-002)', () => {
  it('given an active product, when deactivated, then ProductDeactivated', () => {
    given(productDecider, [productCreated]).when({ type: 'DeactivateProduct', data: { productId: P, now: NOW } }).then([deactivated]);
  });

  it('PRODUCT_ALREADY_INACTIVE: deactivating an inactive product', () => {
    given(productDecider, [productCreated, deactivated])
      .when({ type: 'DeactivateProduct', data: { productId: P, now: NOW } })
      .thenError('PRODUCT_ALREADY_INACTIVE');
  });

  it('PRODUCT_NOT_FOUND: deactivating a product that was never created', () => {
    given(productDecider).when({ type: 'DeactivateProduct', data: { productId: P, now: NOW } }).thenError('PRODUCT_NOT_FOUND');
  });
});

describe('UpdateProductPrice (CMD-PROD-003)', () => {
  it('given a product, when the price changes, then ProductUpdated with price and previousPrice', () => {
    given(productDecider, [productCreated]).when(priceUpdate(2499)).then([{
      type: 'ProductUpdated',
      data: { productId: P, updatedFields: ['price'], updatedAt: NOW, price: usd(2499), previousPrice: usd(1999) },
    }]);
  });

  it('the same price again records nothing', () => {
    given(productDecider, [productCreated]).when(priceUpdate(1999)).then([]);
  });

  it('INVALID_PRICE: new price 0', () => {
    given(productDecider, [productCreated]).when(priceUpdate(0)).thenError('INVALID_PRICE');
  });

  it('INVALID_PRICE: a new price that would put a variant below 0.01', () => {
    given(productDecider, [productCreated, variantAdded(variant({ priceModifier: usd(-1000) }))])
      .when(priceUpdate(1000))
      .thenError('INVALID_PRICE');
  });

  it('PRODUCT_NOT_FOUND: updating a product that was never created', () => {
    given(productDecider).when(priceUpdate(2499)).thenError('PRODUCT_NOT_FOUND');
  });
});

describe('AddProductVariant (CMD-PROD-004)', () => {
  it('given a product, when a variant is added, then ProductUpdated with the variant', () => {
    given(productDecider, [productCreated])
      .when(addVariant({ color: 'red', priceModifier: usd(-999) }))
      .then([variantAdded(variant({ color: 'red', priceModifier: usd(-999) }))]);
  });

  it('NO_VARIANT_ATTRIBUTE: neither size nor colour', () => {
    given(productDecider, [productCreated]).when(addVariant({ size: null, color: '  ' })).thenError('NO_VARIANT_ATTRIBUTE');
  });

  it('DUPLICATE_SKU: the variant SKU is used elsewhere in the catalogue', () => {
    given(productDecider, [productCreated]).when(addVariant({ skuTakenBy: OTHER })).thenError('DUPLICATE_SKU');
  });

  it('INVALID_PRICE: a negative modifier that takes the variant below 0.01', () => {
    given(productDecider, [productCreated]).when(addVariant({ priceModifier: usd(-1999) })).thenError('INVALID_PRICE');
  });

  it('a modifier leaving exactly 0.01 is accepted', () => {
    given(productDecider, [productCreated])
      .when(addVariant({ priceModifier: usd(-1998) }))
      .then([variantAdded(variant({ priceModifier: usd(-1998) }))]);
  });

  it('PRODUCT_NOT_FOUND: adding a variant to a product that was never created', () => {
    given(productDecider).when(addVariant()).thenError('PRODUCT_NOT_FOUND');
  });

  it('PRODUCT_INACTIVE: adding a variant to an inactive product', () => {
    given(productDecider, [productCreated, deactivated]).when(addVariant()).thenError('PRODUCT_INACTIVE');
  });

  it('idempotent re-run: same variant id and attributes → no events', () => {
    given(productDecider, [productCreated, variantAdded(variant())]).when(addVariant()).then([]);
  });

  it('ID_CONFLICT: same variant id with another SKU', () => {
    given(productDecider, [productCreated, variantAdded(variant())]).when(addVariant({ sku: 'TEE-1-L' })).thenError('ID_CONFLICT');
  });

  it('ID_CONFLICT: the variant id already belongs to another product', () => {
    given(productDecider, [productCreated]).when(addVariant({ variantIdTakenBy: OTHER })).thenError('ID_CONFLICT');
  });
});

describe('ActivateProduct and UpdateProductDetails', () => {
  const activate = { type: 'ActivateProduct' as const, data: { productId: P, now: NOW } };
  const update = (data: Partial<UpdateProductDetails['data']>): UpdateProductDetails => ({ type: 'UpdateProductDetails', data: { productId: P, now: NOW, ...data } });

  it('given a deactivated product, when activated, then ProductUpdated ["active"]', () => {
    given(productDecider, [productCreated, deactivated]).when(activate).then([{
      type: 'ProductUpdated', data: { productId: P, updatedFields: ['active'], updatedAt: NOW, active: true },
    }]);
  });

  it('given an active product, when activated, then PRODUCT_ALREADY_ACTIVE; unknown product: PRODUCT_NOT_FOUND', () => {
    given(productDecider, [productCreated]).when(activate).thenError('PRODUCT_ALREADY_ACTIVE');
    given(productDecider).when(activate).thenError('PRODUCT_NOT_FOUND');
  });

  it('given a product, when name, description and category change, then one ProductUpdated listing only what changed', () => {
    given(productDecider, [productCreated]).when(update({ name: ' Tee ', description: 'Cotton', category: { ref: 'Tops', id: OTHER } })).then([{
      type: 'ProductUpdated', data: { productId: P, updatedFields: ['name', 'category'], updatedAt: NOW, name: 'Tee', categoryId: OTHER },
    }]);
  });

  it('the same values again record nothing; bad values and an unknown category are refused', () => {
    given(productDecider, [productCreated]).when(update({ name: 'T-shirt' })).then([]);
    given(productDecider, [productCreated]).when(update({ name: 'x' })).thenError('INVALID_NAME');
    given(productDecider, [productCreated]).when(update({ category: { ref: 'Nope', id: null } })).thenError('CATEGORY_NOT_FOUND');
    given(productDecider, [productCreated]).when(update({})).thenError('NOTHING_TO_UPDATE');
  });

  it('a renamed product keeps its new name for a later update', () => {
    const renamed: ProductUpdated = { type: 'ProductUpdated', data: { productId: P, updatedFields: ['name'], updatedAt: NOW, name: 'Tee' } };
    given(productDecider, [productCreated, renamed]).when(update({ name: 'Tee' })).then([]);
  });
});
