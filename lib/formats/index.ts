/**
 * The format engine: Firehose object bytes -> canonical records. Node-only modules (gzip,
 * parse-object) are re-exported here; browser code should import the pure modules directly
 * (template-tokens, presets, resolve-format, path-display, record-json).
 */
export * from './canonical-record';
export * from './presets';
export * from './template-tokens';
export {
  parseObject,
  orderFormatVersions,
  type FormatVersion,
  type ParsedRecord,
  type Reject,
  type ObjectParseResult,
  type ParseObjectOptions,
} from './parse-object';
export { compileTemplate, type CompiledFormat, type CompiledVariable } from './template-compiler';
export { detectFormat, scoreTemplate, type FormatDetection } from './detect-format';
export { resolveFormat, formatIdForTemplate, FormatResolutionError } from './resolve-format';
export { decodePathForDisplay } from './path-display';
export { recordToJson, recordToJsonLine, type CanonicalRecordJson } from './record-json';
export { decompressObject, isGzip } from './gzip';
export { checkAccounting, type AccountingProblem } from './accounting';
export { parseRequestTime, parseNumber, parseEpoch } from './value-parsers';
