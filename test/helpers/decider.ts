// given(past events).when(command).then(new events | error code) for pure deciders.
import { expect } from 'vitest';
import type { Decider } from '../../src/domain/decider.js';
import { DomainError } from '../../src/domain/errors.js';

export function given<C, E, S>(decider: Decider<C, E, S>, past: E[] = []) {
  const state = past.reduce(decider.evolve, decider.initialState);
  return {
    when(command: C) {
      const run = () => decider.decide(command, state);
      return {
        then(expected: E[]) {
          expect(run()).toEqual(expected);
        },
        thenEvents(): E[] {
          return run();
        },
        thenError(code: string) {
          expectDomainError(run, code);
        },
      };
    },
  };
}

/**
 * when(command with its looked-up facts).then(result | error code) for a pure decision that is
 * no aggregate's decider (the shop's currency, an order's reservations across several items).
 */
export function decision<C, R>(decide: (command: C) => R) {
  return {
    when(command: C) {
      const run = () => decide(command);
      return {
        then(expected: R) {
          expect(run()).toEqual(expected);
        },
        thenError(code: string, message?: RegExp): DomainError {
          const caught = expectDomainError(run, code);
          if (message) expect(caught.message).toMatch(message);
          return caught;
        },
      };
    },
  };
}

/** Runs `run` and expects it to throw a DomainError with `code`. */
function expectDomainError(run: () => unknown, code: string): DomainError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  return caught as DomainError;
}
