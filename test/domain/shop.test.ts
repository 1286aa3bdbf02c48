import { describe, it } from 'vitest';
import { decideCurrency } from '../../src/domain/shop.js';
import { decision } from '../helpers/decider.js';

const choose = decision(decideCurrency);

describe('the shop currency: chosen once', () => {
  it('given an empty shop, when EUR is chosen (any letter case), then it changes to EUR', () => {
    choose.when({ requested: ' eur ', current: 'USD', eventsRecorded: 0 }).then({ currency: 'EUR', changed: true });
  });

  it('given events, asking for the current currency again changes nothing', () => {
    choose.when({ requested: 'usd', current: 'USD', eventsRecorded: 12 }).then({ currency: 'USD', changed: false });
  });

  it('given no request, the current currency stands', () => {
    choose.when({ requested: undefined, current: 'GBP', eventsRecorded: 3 }).then({ currency: 'GBP', changed: false });
  });

  it('CURRENCY_MISMATCH: another currency once events exist', () => {
    choose.when({ requested: 'EUR', current: 'USD', eventsRecorded: 1 }).thenError('CURRENCY_MISMATCH', /already records prices in USD/);
  });

  it('INVALID_CURRENCY: the ISO 4217 shape but no currency (XYZ), or no code at all', () => {
    choose.when({ requested: 'XYZ', current: 'USD', eventsRecorded: 0 }).thenError('INVALID_CURRENCY');
    choose.when({ requested: 'dollars', current: 'USD', eventsRecorded: 0 }).thenError('INVALID_CURRENCY');
  });
});
