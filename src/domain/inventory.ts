// Inventory aggregate: one item per sellable unit (a product without variants, or a variant).
// CMD-INV-001/002 plus the deductions and releases that orders cause.
import type { Decider } from './decider.js';
import { DomainError } from './errors.js';
import type { DateTime, InventoryEvent, OutOfStock, UUID } from './events.js';
import { checkQuantity } from './validation.js';

export const MAX_RESTOCK_QUANTITY = 1_000_000;

export interface InventoryItemRef {
  inventoryId: UUID;
  productId: UUID;
  variantId: UUID | null;
}

export type RestockInventory = { type: 'RestockInventory'; data: { item: InventoryItemRef; quantity: number; now: DateTime } };
export type ReserveInventory = {
  type: 'ReserveInventory';
  data: { item: InventoryItemRef; orderId: UUID; quantity: number; now: DateTime };
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
