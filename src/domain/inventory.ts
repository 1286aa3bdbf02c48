// Inventory aggregate: one item per sellable unit (a product without variants, or a variant).
// Restock and reserve plus the deductions and releases that orders cause (docs/events.md, Inventory).
import type { Decider } from './decider.js';
import { DomainError } from './errors.js';
import type { DateTime, InventoryEvent, OrderStatus, OutOfStock, UUID } from './events.js';
import { checkQuantity } from './validation.js';

export const MAX_RESTOCK_QUANTITY = 1_000_000;

export interface InventoryItemRef {
  inventoryId: UUID;
  productId: UUID;
  variantId: UUID | null;
}

export type RestockInventory = { type: 'RestockInventory'; data: { item: InventoryItemRef; quantity: number; now: DateTime } };
/** The order stock is held for, as the caller found it; null when there is no such order. */
export interface OrderToHoldFor {
  status: OrderStatus;
  /** The inventory items of the order's lines. */
  lineInventoryIds: readonly UUID[];
}

export type ReserveInventory = {
  type: 'ReserveInventory';
  data: {
    item: InventoryItemRef; orderId: UUID; quantity: number; now: DateTime;
    order: OrderToHoldFor | null;
    /** How the merchant named the item (for messages); the inventory id when not given. */
    itemRef?: string;
  };
};
export type DeductInventory = { type: 'DeductInventory'; data: { item: InventoryItemRef; orderId: UUID; now: DateTime } };
export type ReleaseInventory = { type: 'ReleaseInventory'; data: { item: InventoryItemRef; orderId: UUID; now: DateTime } };
export type InventoryCommand = RestockInventory | ReserveInventory | DeductInventory | ReleaseInventory;

export interface InventoryState {
  onHand: number;
  reserved: number;
  /** Quantity held per order id. */
  reservations: Record<UUID, number>;
}

export const initialInventoryState: InventoryState = { onHand: 0, reserved: 0, reservations: {} };

export function available(state: InventoryState): number {
  return state.onHand - state.reserved;
}

export const inventoryDecider: Decider<InventoryCommand, InventoryEvent, InventoryState> = {
  initialState: initialInventoryState,
  stateVersion: 1,
  decide(command, state) {
    switch (command.type) {
      case 'RestockInventory': return restock(command.data, state);
      case 'ReserveInventory': return reserve(command.data, state);
      case 'DeductInventory': return deduct(command.data, state);
      case 'ReleaseInventory': return release(command.data, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      // Explicit fields rather than object spread: V8's spread is slow on this hot path (bulk imports).
      case 'InventoryRestocked':
        return { onHand: state.onHand + event.data.addedQuantity, reserved: state.reserved, reservations: state.reservations };
      case 'InventoryReserved':
        return {
          onHand: state.onHand,
          reserved: state.reserved + event.data.reservedQuantity,
          reservations: addHold(state.reservations, event.data.orderId, event.data.reservedQuantity),
        };
      case 'InventoryDeducted':
        return {
          onHand: state.onHand - event.data.deductedQuantity,
          reserved: state.reserved - event.data.deductedQuantity,
          reservations: addHold(state.reservations, event.data.orderId, -event.data.deductedQuantity),
        };
      case 'InventoryReleased':
        return {
          onHand: state.onHand,
          reserved: state.reserved - event.data.releasedQuantity,
          reservations: addHold(state.reservations, event.data.orderId, -event.data.releasedQuantity),
        };
      case 'OutOfStock':
        return state;
    }
  },
};

function addHold(holds: Record<UUID, number>, orderId: UUID, delta: number): Record<UUID, number> {
  const next = { ...holds };
  const quantity = (next[orderId] ?? 0) + delta;
  if (quantity > 0) next[orderId] = quantity;
  else delete next[orderId];
  return next;
}

function restock(data: RestockInventory['data'], state: InventoryState): InventoryEvent[] {
  const quantity = checkQuantity(data.quantity, 'restock quantity', 1, MAX_RESTOCK_QUANTITY);
  return [{
    type: 'InventoryRestocked',
    data: {
      inventoryId: data.item.inventoryId, productId: data.item.productId, variantId: data.item.variantId,
      addedQuantity: quantity, newTotalQuantity: state.onHand + quantity, restockedAt: data.now,
    },
  }];
}

function reserve(data: ReserveInventory['data'], state: InventoryState): InventoryEvent[] {
  checkOrderHolds(data);
  const quantity = checkQuantity(data.quantity, 'reserve quantity', 1, MAX_RESTOCK_QUANTITY);
  const free = available(state);
  if (quantity > free) {
    throw new DomainError('INSUFFICIENT_STOCK', `only ${free} available, cannot reserve ${quantity}`, {
      inventoryId: data.item.inventoryId, available: free, requested: quantity,
    });
  }
  const events: InventoryEvent[] = [{
    type: 'InventoryReserved',
    data: { ...data.item, orderId: data.orderId, reservedQuantity: quantity, reservedAt: data.now },
  }];
  if (free - quantity === 0) events.push(outOfStock(data.item, data.now));
  return events;
}

/**
 * Stock is held only for an open order (PENDING or CONFIRMED) and only on one of its own lines:
 * shipping deducts and cancelling releases what the order holds on its lines' items, so a hold
 * on any other item would never be given back (README, "Decisions where the spec is silent").
 */
function checkOrderHolds(data: ReserveInventory['data']): void {
  const { order, orderId } = data;
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `order ${orderId} does not exist`, { orderId });
  if (order.status !== 'PENDING' && order.status !== 'CONFIRMED') {
    throw new DomainError('INVALID_STATUS_TRANSITION', `order ${orderId} is ${order.status}; stock can be reserved only for a pending or confirmed order`, {
      orderId, status: order.status,
    });
  }
  if (!order.lineInventoryIds.includes(data.item.inventoryId)) {
    throw new DomainError('ITEM_NOT_IN_ORDER', `order ${orderId} has no line for ${data.itemRef ?? data.item.inventoryId}; stock can be reserved only for the order's own lines`, {
      orderId, inventoryId: data.item.inventoryId,
    });
  }
}

/** One line of an order to hold stock for, with its item's current state. */
export interface LineToReserve {
  item: InventoryItemRef;
  quantity: number;
  state: InventoryState;
  /** For the message naming short lines. */
  sku: string | null;
  name: string;
}

/**
 * Placing an order holds stock on every line or on none: the events per line (same order as
 * `lines`), or one INSUFFICIENT_STOCK naming every line that is short.
 */
export function decideReservations(
  orderId: UUID, order: OrderToHoldFor, lines: readonly LineToReserve[], now: DateTime,
): InventoryEvent[][] {
  const decided: InventoryEvent[][] = [];
  const short: { sku: string | null; name: string; requested: number; available: number }[] = [];
  for (const line of lines) {
    try {
      decided.push(reserve({ item: line.item, orderId, quantity: line.quantity, now, order }, line.state));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INSUFFICIENT_STOCK') throw error;
      short.push({ sku: line.sku, name: line.name, requested: line.quantity, available: available(line.state) });
    }
  }
  if (short.length > 0) {
    const list = short.map((s) => `${s.sku ?? s.name}: ${s.requested} wanted, ${s.available} available`).join('; ');
    throw new DomainError('INSUFFICIENT_STOCK', `not enough stock, nothing was reserved (${list})`, { lines: short });
  }
  return decided;
}

function deduct(data: DeductInventory['data'], state: InventoryState): InventoryEvent[] {
  const held = state.reservations[data.orderId] ?? 0;
  if (held === 0) {
    throw new DomainError('NOT_RESERVED', `nothing is reserved for order ${data.orderId} on this item`, {
      inventoryId: data.item.inventoryId, orderId: data.orderId,
    });
  }
  return [{
    type: 'InventoryDeducted',
    data: { ...data.item, orderId: data.orderId, deductedQuantity: held, deductedAt: data.now },
  }];
}

function release(data: ReleaseInventory['data'], state: InventoryState): InventoryEvent[] {
  const held = state.reservations[data.orderId] ?? 0;
  if (held === 0) return []; // nothing held for this order here: nothing to give back
  return [{
    type: 'InventoryReleased',
    data: { ...data.item, orderId: data.orderId, releasedQuantity: held, releasedAt: data.now },
  }];
}

export function outOfStock(item: InventoryItemRef, now: DateTime): OutOfStock {
  return { type: 'OutOfStock', data: { ...item, occurredAt: now } };
}
