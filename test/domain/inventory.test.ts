import { describe, expect, it } from 'vitest';
import type { InventoryEvent } from '../../src/domain/events.js';
import { decideReservations, inventoryDecider, type InventoryItemRef, type InventoryState } from '../../src/domain/inventory.js';
import { decision, given } from '../helpers/decider.js';

const NOW = '2026-01-01T00:00:00.000Z';
const item: InventoryItemRef = {
  inventoryId: '11111111-1111-4111-8111-111111111111', productId: '22222222-2222-4222-8222-222222222222', variantId: null,
};
const ORDER = '33333333-3333-4333-8333-333333333333';
const ORDER2 = '44444444-4444-4444-8444-444444444444';

const restock = (quantity: number) => ({ type: 'RestockInventory' as const, data: { item, quantity, now: NOW } });
/** The order looked up for a reservation: open, with a line for `item`, unless told otherwise. */
const openOrder = { status: 'PENDING' as const, lineInventoryIds: [item.inventoryId] };
const reserve = (quantity: number, orderId = ORDER, order: { status: any; lineInventoryIds: string[] } | null = openOrder) => ({
  type: 'ReserveInventory' as const, data: { item, orderId, quantity, now: NOW, order, itemRef: 'MUG-1' },
});
const restocked = (added: number, total: number): InventoryEvent => ({
  type: 'InventoryRestocked', data: { ...item, addedQuantity: added, newTotalQuantity: total, restockedAt: NOW },
});
const reserved = (quantity: number, orderId = ORDER): InventoryEvent => ({
  type: 'InventoryReserved', data: { ...item, orderId, reservedQuantity: quantity, reservedAt: NOW },
});
const outOfStock: InventoryEvent = { type: 'OutOfStock', data: { ...item, occurredAt: NOW } };

describe('RestockInventory (CMD-INV-001)', () => {
  it('given nothing, when restocked by 5, then InventoryRestocked with newTotalQuantity 5', () => {
    given(inventoryDecider).when(restock(5)).then([restocked(5, 5)]);
  });

  it('newTotalQuantity is on hand after the restock (reservations do not lower it)', () => {
    given(inventoryDecider, [restocked(10, 10), reserved(4)]).when(restock(1_000_000)).then([restocked(1_000_000, 1_000_010)]);
  });

  it('INVALID_QUANTITY: restock 0', () => {
    given(inventoryDecider).when(restock(0)).thenError('INVALID_QUANTITY');
  });

  it('INVALID_QUANTITY: restock 1,000,001', () => {
    given(inventoryDecider).when(restock(1_000_001)).thenError('INVALID_QUANTITY');
  });
});

describe('ReserveInventory (CMD-INV-002)', () => {
  it('given 5 available, when 3 are reserved, then InventoryReserved only', () => {
    given(inventoryDecider, [restocked(5, 5)]).when(reserve(3)).then([reserved(3)]);
  });

  it('given 5 available, when all 5 are reserved, then InventoryReserved and OutOfStock (available > 0 → 0)', () => {
    given(inventoryDecider, [restocked(5, 5)]).when(reserve(5)).then([reserved(5), outOfStock]);
  });

  it('counts earlier reservations: 2 of 5 held, reserving the other 3 runs out', () => {
    given(inventoryDecider, [restocked(5, 5), reserved(2, ORDER2)]).when(reserve(3)).then([reserved(3), outOfStock]);
  });

  it('INSUFFICIENT_STOCK: reserving more than is available', () => {
    given(inventoryDecider, [restocked(5, 5), reserved(2, ORDER2)]).when(reserve(4)).thenError('INSUFFICIENT_STOCK');
  });

  it('INSUFFICIENT_STOCK: reserving from an item that was never stocked', () => {
    given(inventoryDecider).when(reserve(1)).thenError('INSUFFICIENT_STOCK');
  });

  it('INVALID_QUANTITY: reserving 0', () => {
    given(inventoryDecider, [restocked(5, 5)]).when(reserve(0)).thenError('INVALID_QUANTITY');
  });
});

describe('deduct and release (caused by orders)', () => {
  it('shipping deducts what the order holds; cancelling releases it; OutOfStock is not repeated', () => {
    given(inventoryDecider, [restocked(5, 5), reserved(5), outOfStock])
      .when({ type: 'DeductInventory', data: { item, orderId: ORDER, now: NOW } })
      .then([{ type: 'InventoryDeducted', data: { ...item, orderId: ORDER, deductedQuantity: 5, deductedAt: NOW } }]);
    given(inventoryDecider, [restocked(5, 5), reserved(2)])
      .when({ type: 'ReleaseInventory', data: { item, orderId: ORDER, now: NOW } })
      .then([{ type: 'InventoryReleased', data: { ...item, orderId: ORDER, releasedQuantity: 2, releasedAt: NOW } }]);
  });

  it('NOT_RESERVED: deducting for an order that holds nothing here', () => {
    given(inventoryDecider, [restocked(5, 5)])
      .when({ type: 'DeductInventory', data: { item, orderId: ORDER, now: NOW } })
      .thenError('NOT_RESERVED');
  });
});

describe('ReserveInventory for an order: only an open order, only on its own lines', () => {
  it('a confirmed order may hold more on its line', () => {
    given(inventoryDecider, [restocked(5, 5)])
      .when(reserve(2, ORDER, { status: 'CONFIRMED', lineInventoryIds: [item.inventoryId] }))
      .then([reserved(2)]);
  });

  it('ORDER_NOT_FOUND: no such order (checked before the quantity)', () => {
    given(inventoryDecider, [restocked(5, 5)]).when(reserve(0, ORDER, null)).thenError('ORDER_NOT_FOUND');
  });

  for (const status of ['SHIPPED', 'DELIVERED', 'CANCELLED']) {
    it(`INVALID_STATUS_TRANSITION: the order is ${status}`, () => {
      given(inventoryDecider, [restocked(5, 5)])
        .when(reserve(1, ORDER, { status, lineInventoryIds: [item.inventoryId] }))
        .thenError('INVALID_STATUS_TRANSITION');
    });
  }

  it('ITEM_NOT_IN_ORDER: the order has no line for the item, named as the merchant named it', () => {
    const error = decision((command: ReturnType<typeof reserve>) => inventoryDecider.decide(command, { onHand: 5, reserved: 0, reservations: {} }))
      .when(reserve(1, ORDER, { status: 'PENDING', lineInventoryIds: ['99999999-9999-4999-8999-999999999999'] }))
      .thenError('ITEM_NOT_IN_ORDER', /has no line for MUG-1/);
    expect(error.details).toEqual({ orderId: ORDER, inventoryId: item.inventoryId });
  });
});

describe('decideReservations: placing an order holds stock on every line or on none', () => {
  const other: InventoryItemRef = { inventoryId: '55555555-5555-4555-8555-555555555555', productId: item.productId, variantId: null };
  const stock = (onHand: number, held = 0): InventoryState => ({ onHand, reserved: held, reservations: held ? { [ORDER2]: held } : {} });
  const order = { status: 'PENDING' as const, lineInventoryIds: [item.inventoryId, other.inventoryId] };
  const line = (of: InventoryItemRef, quantity: number, state: InventoryState, sku: string) => ({ item: of, quantity, state, sku, name: sku });

  it('given enough of both items, then one list of events per line (OutOfStock where a line takes the last unit)', () => {
    decision(() => decideReservations(ORDER, order, [line(item, 2, stock(5), 'MUG-1'), line(other, 3, stock(3), 'CUP-1')], NOW))
      .when(undefined)
      .then([
        [reserved(2)],
        [{ type: 'InventoryReserved', data: { ...other, orderId: ORDER, reservedQuantity: 3, reservedAt: NOW } },
          { type: 'OutOfStock', data: { ...other, occurredAt: NOW } }],
      ]);
  });

  it('INSUFFICIENT_STOCK naming every short line, and nothing for the lines that would fit', () => {
    const error = decision(() => decideReservations(ORDER, order, [
      line(item, 4, stock(5, 2), 'MUG-1'), line(other, 1, stock(5), 'CUP-1'), line(other, 9, stock(5), 'CUP-1'),
    ], NOW)).when(undefined).thenError('INSUFFICIENT_STOCK', /nothing was reserved \(MUG-1: 4 wanted, 3 available; CUP-1: 9 wanted, 5 available\)/);
    expect(error.details.lines).toEqual([
      { sku: 'MUG-1', name: 'MUG-1', requested: 4, available: 3 },
      { sku: 'CUP-1', name: 'CUP-1', requested: 9, available: 5 },
    ]);
  });

  it('any other refusal of a line is passed on as it is (INVALID_QUANTITY)', () => {
    decision(() => decideReservations(ORDER, order, [line(item, 0, stock(5), 'MUG-1')], NOW)).when(undefined).thenError('INVALID_QUANTITY');
  });

  it('ITEM_NOT_IN_ORDER: a line whose item is not among the order\'s lines', () => {
    decision(() => decideReservations(ORDER, { status: 'PENDING', lineInventoryIds: [other.inventoryId] }, [line(item, 1, stock(5), 'MUG-1')], NOW))
      .when(undefined).thenError('ITEM_NOT_IN_ORDER');
  });
});
