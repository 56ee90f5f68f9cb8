export * from './ast.js';
export {
  normalizeRateText,
  parseRate,
  parseSpecial,
  tryParseRate,
  RATE_ACCEPTED,
  type TryParseResult,
} from './parse.js';
export { printRate, printSpecial, printTerm, printAmount, printUnit } from './print.js';
export { evaluateRate, formatQuantity, percentValue, type RateEvaluation, type RateFacts } from './evaluate.js';
export {
  rateReport,
  parseQuantity,
  QUANTITY_ACCEPTED,
  PROGRAM_ACCEPTED,
  type RateReport,
  type RateReportGroup,
  type ParsedQuantity,
} from './report.js';
