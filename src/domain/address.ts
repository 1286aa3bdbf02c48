// Shipping address rules (PlaceOrder): name, line1, city and postal code required; the country
// is an ISO 3166-1 alpha-2 code from the built-in list below.
import { DomainError } from './errors.js';
import type { Address } from './events.js';
import { describeTextProblem, lineTextProblem } from './text.js';

/** What the merchant typed; optional parts may be missing or blank. */
export interface AddressInput {
  name?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

// ISO 3166-1 alpha-2, officially assigned codes (249).
const COUNTRY_CODES = new Set((
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
  'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
  'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
  'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
  'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' '));

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

const LIMITS = { name: 100, line1: 200, line2: 200, city: 100, region: 100, postalCode: 20 } as const;

/** Checks and normalises an address (trimmed; country upper-cased). Throws INVALID_ADDRESS. */
export function checkAddress(input: AddressInput): Address {
  const name = part(input.name, 'name', true);
  const line1 = part(input.line1, 'line1', true);
  const line2 = part(input.line2, 'line2', false);
  const city = part(input.city, 'city', true);
  const region = part(input.region, 'region', false);
  const postalCode = part(input.postalCode, 'postalCode', true);
  const country = (input.country ?? '').trim().toUpperCase();
  checkCountry(country);
  return { name: name!, line1: line1!, line2, city: city!, region, postalCode: postalCode!, country };
}

// Three-letter codes and names people often type instead, with the code they mean.
const MEANT: Readonly<Record<string, string>> = {
  USA: 'US', GBR: 'GB', UK: 'GB', DEU: 'DE', FRA: 'FR', CAN: 'CA', AUS: 'AU', NLD: 'NL', ESP: 'ES', ITA: 'IT',
  CHE: 'CH', AUT: 'AT', BEL: 'BE', SWE: 'SE', NOR: 'NO', DNK: 'DK', IRL: 'IE', POL: 'PL', PRT: 'PT', JPN: 'JP',
  CHN: 'CN', IND: 'IN', BRA: 'BR', MEX: 'MX', NZL: 'NZ', ZAF: 'ZA', KOR: 'KR', SGP: 'SG',
};

/** The two-letter code someone probably meant by `text` (USA → US), if one is clear. */
export function suggestCountry(text: string): string | undefined {
  const key = text.trim().toUpperCase();
  if (MEANT[key]) return MEANT[key];
  return key.length === 3 && isCountryCode(key.slice(0, 2)) ? key.slice(0, 2) : undefined;
}

/** A country code as typed (trimmed, any case): INVALID_ADDRESS naming the likely code otherwise. */
export function checkCountry(text: string): string {
  const country = text.trim().toUpperCase();
  if (isCountryCode(country)) return country;
  const suggestion = country === '' ? undefined : suggestCountry(country);
  throw new DomainError(
    'INVALID_ADDRESS',
    country === '' ? 'the address needs a country'
      : `country "${country}" is not an ISO 3166-1 alpha-2 code${suggestion ? `; did you mean ${suggestion}?` : ''}`,
    { field: 'country', hint: 'two letters, e.g. US, DE, GB', ...(suggestion ? { suggestion } : {}) },
  );
}

/** One part of an address checked on its own (as a prompt asks for it). */
export function checkAddressPart(field: keyof typeof LIMITS, value: string): string | null {
  return part(value, field, field !== 'line2' && field !== 'region');
}

function part(value: string | null | undefined, field: keyof typeof LIMITS, required: boolean): string | null {
  const text = (value ?? '').trim();
  if (text === '') {
    if (required) throw new DomainError('INVALID_ADDRESS', `the address needs a ${label(field)}`, { field });
    return null;
  }
  if ([...text].length > LIMITS[field]) {
    throw new DomainError('INVALID_ADDRESS', `the address ${label(field)} is longer than ${LIMITS[field]} characters`, { field });
  }
  const problem = lineTextProblem(text);
  if (problem) throw new DomainError('INVALID_ADDRESS', `the address ${label(field)} ${describeTextProblem(problem)}`, { field, problem });
  return text;
}

function label(field: keyof typeof LIMITS): string {
  return field === 'postalCode' ? 'postal code' : field === 'line1' ? 'first line' : field === 'line2' ? 'second line' : field;
}
