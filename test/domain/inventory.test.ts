import { describe, it } from 'vitest';
import type { InventoryEvent } from '../../src/domain/events.js';
import { inventoryDecider, type InventoryItemRef } from '../../src/domain/inventory.js';
import { given } from '../helpers/decider.js';

const NOW = '2026-01-01T00:00:00.000Z';
const item: InventoryItemRef = {
  inventoryId: '11111111-1111-4111-8111-111111111111', productId: '22222222-2222-4222-8222-222222222222', variantId: null,
};
const ORDER = '33333333-3333-4333-8333-333333333333';
const ORDER2 = '44444444-4444-4444-8444-444444444444';

const restock = (quantity: number) => ({ type: 'RestockInventory' as const, data: { item, quantity, now: NOW } });
const reserve = (quantity: number, orderId = ORDER) => ({ type: 'ReserveInventory' as const, data: { item, orderId, quantity, now: NOW } });
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
