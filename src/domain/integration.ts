// The seed's 7 integration events, derived from the domain events that cause them.
// Pure: whatever is not in the domain event itself comes through the lookup.
import type { Address, DomainEvent, OrderLineItem, UUID } from './events.js';
import type { Money } from './money.js';

type Integration<Type extends string, Data> = { type: Type; subject: UUID; data: Data };

export type OrderPlacedNotification = Integration<'OrderPlacedNotification', {
  orderId: UUID; customerId: UUID; totalAmount: Money; lineItems: OrderLineItem[];
}>;
export type OrderConfirmedNotification = Integration<'OrderConfirmedNotification', {
  orderId: UUID; customerId: UUID; shippingAddress: Address;
}>;
export type OrderShippedNotification = Integration<'OrderShippedNotification', {
  orderId: UUID; customerId: UUID; trackingNumber: string; carrier: string;
}>;
export type OrderDeliveredNotification = Integration<'OrderDeliveredNotification', { orderId: UUID; customerId: UUID }>;
export type OrderCancelledNotification = Integration<'OrderCancelledNotification', {
  orderId: UUID; customerId: UUID; refundAmount: Money;
}>;
export type CustomerRegistrationNotification = Integration<'CustomerRegistrationNotification', {
  customerId: UUID; email: string; verificationToken: string;
}>;
export type OutOfStockAlert = Integration<'OutOfStockAlert', {
  productId: UUID; productName: string;
  /** implied: which variant ran out (null for a product without variants) — OutOfStock is per sellable unit */
  variantId: UUID | null;
}>;

export type IntegrationEvent =
  | OrderPlacedNotification | OrderConfirmedNotification | OrderShippedNotification | OrderDeliveredNotification
  | OrderCancelledNotification | CustomerRegistrationNotification | OutOfStockAlert;
export type IntegrationEventType = IntegrationEvent['type'];

export const INTEGRATION_EVENT_TYPES: readonly IntegrationEventType[] = [
  'OrderPlacedNotification', 'OrderConfirmedNotification', 'OrderShippedNotification', 'OrderDeliveredNotification',
  'OrderCancelledNotification', 'CustomerRegistrationNotification', 'OutOfStockAlert',
];

/** What derivation needs beyond the event: read after the event has been projected. */
export interface IntegrationLookup {
  order(orderId: UUID): { customerId: UUID; shippingAddress: Address } | undefined;
  productName(productId: UUID): string | undefined;
  verificationToken(customerId: UUID): string | undefined;
}

export function integrationEventsFor(event: DomainEvent, lookup: IntegrationLookup): IntegrationEvent[] {
  switch (event.type) {
    case 'OrderPlaced': {
      const { orderId, customerId, totalAmount, lineItems } = event.data;
      return [{ type: 'OrderPlacedNotification', subject: orderId, data: { orderId, customerId, totalAmount, lineItems } }];
    }
    case 'OrderConfirmed': {
      const { orderId } = event.data;
      const order = requireOrder(lookup, orderId);
      return [{
        type: 'OrderConfirmedNotification', subject: orderId,
        data: { orderId, customerId: order.customerId, shippingAddress: order.shippingAddress },
      }];
    }
    case 'OrderShipped': {
      const { orderId, trackingNumber, carrier } = event.data;
      const { customerId } = requireOrder(lookup, orderId);
      return [{ type: 'OrderShippedNotification', subject: orderId, data: { orderId, customerId, trackingNumber, carrier } }];
    }
    case 'OrderDelivered': {
      const { orderId } = event.data;
      const { customerId } = requireOrder(lookup, orderId);
      return [{ type: 'OrderDeliveredNotification', subject: orderId, data: { orderId, customerId } }];
    }
    case 'OrderCancelled': {
      const { orderId, refundAmount } = event.data;
      const { customerId } = requireOrder(lookup, orderId);
      return [{ type: 'OrderCancelledNotification', subject: orderId, data: { orderId, customerId, refundAmount } }];
    }
    case 'CustomerRegistered': {
      const { customerId, email } = event.data;
      const verificationToken = lookup.verificationToken(customerId);
      if (!verificationToken) throw new Error(`no verification token for customer ${customerId}`);
      return [{ type: 'CustomerRegistrationNotification', subject: customerId, data: { customerId, email, verificationToken } }];
    }
    case 'OutOfStock': {
      const { productId, variantId } = event.data;
      const productName = lookup.productName(productId);
      // An alert without a name would be useless to operations; a missing product is a bug.
      if (productName === undefined) throw new Error(`product ${productId} is missing from the read model`);
      return [{ type: 'OutOfStockAlert', subject: productId, data: { productId, productName, variantId } }];
    }
    default:
      return [];
  }
}

function requireOrder(lookup: IntegrationLookup, orderId: UUID) {
  const order = lookup.order(orderId);
  if (!order) throw new Error(`order ${orderId} is missing from the read model`);
  return order;
}
