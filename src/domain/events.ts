// The seed's 19 domain events (schema version 1) with their payloads. Fields marked
// "implied" are not listed in the seed but follow from it; docs/events.md explains each.
import type { Money } from './money.js';

export type UUID = string;
/** ISO-8601 timestamp, UTC. */
export type DateTime = string;

export interface Address {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

export interface OrderLineItem {
  productId: UUID;
  variantId: UUID | null;
  inventoryId: UUID;
  sku: string | null;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface VariantDetails {
  variantId: UUID;
  sku: string;
  size: string | null;
  color: string | null;
  priceModifier: Money;
  inventoryId: UUID;
}

export type CustomerStatus = 'REGISTERED';
export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

type Event<Type extends string, Data> = { type: Type; data: Data };

// EVT-CAT-001
export type CategoryCreated = Event<'CategoryCreated', {
  categoryId: UUID; name: string; parentId: UUID | null; createdAt: DateTime;
}>;

// EVT-PROD-001..003
export type ProductCreated = Event<'ProductCreated', {
  productId: UUID; name: string; price: Money; categoryId: UUID; createdAt: DateTime;
  /** implied */ sku: string | null;
  /** implied */ description: string;
  /** implied: the product's own inventory item (used while it has no variants) */ inventoryId: UUID;
}>;
export type ProductDeactivated = Event<'ProductDeactivated', { productId: UUID; deactivatedAt: DateTime }>;
export type ProductUpdated = Event<'ProductUpdated', {
  productId: UUID;
  /** Names of the changed fields: "price", "variants", "active", "name", "description", "category". */
  updatedFields: string[];
  updatedAt: DateTime;
  /** implied, with "price" */ price?: Money;
  /** implied, with "price" */ previousPrice?: Money;
  /** added, with "active" (product activate) */ active?: boolean;
  /** added, with "name" (product update) */ name?: string;
  /** added, with "description" (product update) */ description?: string;
  /** added, with "category" (product update) */ categoryId?: UUID;
  /** implied, with "variants": the variant added */ variant?: VariantDetails;
}>;

// EVT-INV-001..005
interface InventoryRef { inventoryId: UUID; productId: UUID; /** implied */ variantId: UUID | null }
export type InventoryReserved = Event<'InventoryReserved', InventoryRef & {
  orderId: UUID; reservedQuantity: number; reservedAt: DateTime;
}>;
export type InventoryDeducted = Event<'InventoryDeducted', InventoryRef & {
  orderId: UUID; deductedQuantity: number; deductedAt: DateTime;
}>;
export type InventoryReleased = Event<'InventoryReleased', InventoryRef & {
  orderId: UUID; releasedQuantity: number; releasedAt: DateTime;
}>;
export type InventoryRestocked = Event<'InventoryRestocked', InventoryRef & {
  addedQuantity: number; newTotalQuantity: number; restockedAt: DateTime;
}>;
export type OutOfStock = Event<'OutOfStock', InventoryRef & { occurredAt: DateTime }>;

// EVT-CUST-001
export type CustomerRegistered = Event<'CustomerRegistered', {
  customerId: UUID; email: string; status: CustomerStatus; registeredAt: DateTime;
  /** implied */ name: string;
}>;

// EVT-CART-001..004
export type ItemAddedToCart = Event<'ItemAddedToCart', {
  cartId: UUID; customerId: UUID; productId: UUID; variantId: UUID | null; quantity: number;
  unitPrice: Money; addedAt: DateTime;
  /** implied: the line's quantity after the add (adding an existing line raises it) */ lineQuantity: number;
}>;
export type CartQuantityUpdated = Event<'CartQuantityUpdated', {
  cartId: UUID; productId: UUID; previousQuantity: number; newQuantity: number; updatedAt: DateTime;
  /** implied */ variantId: UUID | null;
}>;
export type ItemRemovedFromCart = Event<'ItemRemovedFromCart', {
  cartId: UUID; productId: UUID; variantId: UUID | null; removedAt: DateTime;
  /** implied: "removed" by the customer or "product deactivated" */ reason: string;
}>;
export type CartCleared = Event<'CartCleared', {
  cartId: UUID; customerId: UUID; clearedAt: DateTime;
  /** implied: "order placed" or "cart expired" */ reason: string;
  /** implied, when cleared by an order */ orderId: UUID | null;
}>;

// EVT-ORD-001..005
export type OrderPlaced = Event<'OrderPlaced', {
  orderId: UUID; customerId: UUID; lineItems: OrderLineItem[]; totalAmount: Money;
  shippingAddress: Address; paymentAuthorizationId: string; placedAt: DateTime;
  /** implied: the payment method token (never card data) */ paymentMethod: string;
  /** implied */ cartId: UUID;
  /** added: the shop-wide order number (1001…); absent in orders placed before numbers existed */ number?: number;
}>;
export type OrderConfirmed = Event<'OrderConfirmed', {
  orderId: UUID; confirmedAt: DateTime;
  /** implied */ paymentCaptureId: string;
}>;
export type OrderShipped = Event<'OrderShipped', {
  orderId: UUID; trackingNumber: string; carrier: string; shippedAt: DateTime;
}>;
export type OrderDelivered = Event<'OrderDelivered', { orderId: UUID; deliveredAt: DateTime }>;
export type OrderCancelled = Event<'OrderCancelled', {
  orderId: UUID; reason: string; cancelledAt: DateTime;
  /** implied: what went back to the customer (zero when the authorization was voided) */ refundAmount: Money;
  /** implied */ paymentAction: 'void' | 'refund';
}>;

export type CategoryEvent = CategoryCreated;
export type ProductEvent = ProductCreated | ProductDeactivated | ProductUpdated;
export type InventoryEvent = InventoryReserved | InventoryDeducted | InventoryReleased | InventoryRestocked | OutOfStock;
export type CustomerEvent = CustomerRegistered;
export type CartEvent = ItemAddedToCart | CartQuantityUpdated | ItemRemovedFromCart | CartCleared;
export type OrderEvent = OrderPlaced | OrderConfirmed | OrderShipped | OrderDelivered | OrderCancelled;

export type DomainEvent = CategoryEvent | ProductEvent | InventoryEvent | CustomerEvent | CartEvent | OrderEvent;
export type DomainEventType = DomainEvent['type'];

/** Current schema version of every event type (the seed's 1.0 is 1). */
export const CURRENT_SCHEMA_VERSION: Record<DomainEventType, number> = {
  CategoryCreated: 1,
  ProductCreated: 1,
  ProductDeactivated: 1,
  ProductUpdated: 1,
  InventoryReserved: 1,
  InventoryDeducted: 1,
  InventoryReleased: 1,
  InventoryRestocked: 1,
  OutOfStock: 1,
  CustomerRegistered: 1,
  ItemAddedToCart: 1,
  CartQuantityUpdated: 1,
  ItemRemovedFromCart: 1,
  CartCleared: 1,
  OrderPlaced: 1,
  OrderConfirmed: 1,
  OrderShipped: 1,
  OrderDelivered: 1,
  OrderCancelled: 1,
};

export const DOMAIN_EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSION) as DomainEventType[];

/** Stream ids are "<aggregate>-<uuid>". */
export const streamIdOf = {
  category: (id: UUID) => `category-${id}`,
  product: (id: UUID) => `product-${id}`,
  inventory: (id: UUID) => `inventory-${id}`,
  customer: (id: UUID) => `customer-${id}`,
  cart: (id: UUID) => `cart-${id}`,
  order: (id: UUID) => `order-${id}`,
};
