export { D, dec, isDec, roundCents, formatUsd, formatUsdHuman, parseUsd, USD_ACCEPTED } from './money.js';
export type { Dec } from './money.js';
