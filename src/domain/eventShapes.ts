// What a stored payload must look like to be folded at all: a damaged or tampered log
// (`{}`, a negative quantity, a string where a number belongs) is reported with the event's
// position instead of crashing a fold or a read-model constraint (docs/reliability.md).
// Only the fields the folds and projections rely on are checked, shallowly: cheap enough for
// every event a replay reads.
import type { DomainEventType } from './events.js';

/** s: text; s?: text or null; id / id?: non-empty text (or null); n: whole number ≥ 0; p: ≥ 1; m: money ≥ 0; a: list; o: object. */
type Kind = 's' | 's?' | 'id' | 'id?' | 'n' | 'p' | 'm' | 'a' | 'o';

const INVENTORY_REF: Record<string, Kind> = { inventoryId: 'id', productId: 'id', variantId: 'id?' };

const SHAPES: Record<DomainEventType, Record<string, Kind>> = {
  CategoryCreated: { categoryId: 'id', name: 's', parentId: 'id?', createdAt: 's' },
  ProductCreated: { productId: 'id', name: 's', price: 'm', categoryId: 'id', createdAt: 's', sku: 's?', description: 's', inventoryId: 'id' },
  ProductDeactivated: { productId: 'id', deactivatedAt: 's' },
  ProductUpdated: { productId: 'id', updatedFields: 'a', updatedAt: 's' },
  InventoryReserved: { ...INVENTORY_REF, orderId: 'id', reservedQuantity: 'p', reservedAt: 's' },
  InventoryDeducted: { ...INVENTORY_REF, orderId: 'id', deductedQuantity: 'p', deductedAt: 's' },
  InventoryReleased: { ...INVENTORY_REF, orderId: 'id', releasedQuantity: 'p', releasedAt: 's' },
  InventoryRestocked: { ...INVENTORY_REF, addedQuantity: 'p', newTotalQuantity: 'n', restockedAt: 's' },
  OutOfStock: { ...INVENTORY_REF, occurredAt: 's' },
  CustomerRegistered: { customerId: 'id', email: 's', status: 's', registeredAt: 's', name: 's' },
  ItemAddedToCart: { cartId: 'id', customerId: 'id', productId: 'id', variantId: 'id?', quantity: 'p', unitPrice: 'm', addedAt: 's', lineQuantity: 'p' },
  CartQuantityUpdated: { cartId: 'id', productId: 'id', previousQuantity: 'n', newQuantity: 'n', updatedAt: 's', variantId: 'id?' },
  ItemRemovedFromCart: { cartId: 'id', productId: 'id', variantId: 'id?', removedAt: 's' },
  CartCleared: { cartId: 'id', customerId: 'id', clearedAt: 's' },
  OrderPlaced: { orderId: 'id', customerId: 'id', lineItems: 'a', totalAmount: 'm', shippingAddress: 'o', placedAt: 's' },
  OrderConfirmed: { orderId: 'id', confirmedAt: 's' },
  OrderShipped: { orderId: 'id', trackingNumber: 's', carrier: 's', shippedAt: 's' },
  OrderDelivered: { orderId: 'id', deliveredAt: 's' },
  OrderCancelled: { orderId: 'id', reason: 's', cancelledAt: 's', refundAmount: 'm' },
};

function kindProblem(value: unknown, kind: Kind): string | null {
  switch (kind) {
    case 's': return typeof value === 'string' ? null : 'is not text';
    case 's?': return value === null || typeof value === 'string' ? null : 'is not text or null';
    case 'id': return typeof value === 'string' && value !== '' ? null : 'is not an id';
    case 'id?': return value === null || (typeof value === 'string' && value !== '') ? null : 'is not an id or null';
    case 'n': return Number.isSafeInteger(value) && (value as number) >= 0 ? null : 'is not a whole number ≥ 0';
    case 'p': return Number.isSafeInteger(value) && (value as number) >= 1 ? null : 'is not a whole number ≥ 1';
    case 'm': {
      const money = value as { amount?: unknown; currency?: unknown } | null;
      return typeof money === 'object' && money !== null && Number.isSafeInteger(money.amount) && (money.amount as number) >= 0 &&
        typeof money.currency === 'string' ? null : 'is not an amount of money';
    }
    case 'a': return Array.isArray(value) ? null : 'is not a list';
    case 'o': return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : 'is not an object';
  }
}

/** What is wrong with a payload of `type`, or null. `type` must be a known event type. */
export function payloadProblem(type: DomainEventType, data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'the payload is not a JSON object';
  const shape = SHAPES[type];
  for (const field in shape) {
    const value = (data as Record<string, unknown>)[field];
    if (value === undefined) return `field "${field}" is missing`;
    const problem = kindProblem(value, shape[field]);
    if (problem) return `field "${field}" ${problem} (${JSON.stringify(value)?.slice(0, 40)})`;
  }
  return null;
}
