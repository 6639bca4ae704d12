/**
 * Synthetic seal (印鑑) data for tests and benchmarks: carved masters from Debian's CJK
 * fonts, forgeries, impressions and scanner / camera pages. See docs/SEAL-DATA.md.
 */
export { Rng } from './rng.ts';
export { FONTS, checkFonts, fontById, setFontCatalog, type FontDef } from './fonts.ts';
export { designSeal, SEAL_NAMES, type SealSpec, type SealLayout, type Polarity, type BorderStyle, type DesignOptions } from './master.ts';
export { carve, MASTER_PX_PER_MM, type Master } from './carve.ts';
export { forge, FORGERY_KINDS, type ForgeryKind } from './forge.ts';
export { impress, impressionParams, IMPRESSION_PRESETS, type ImpressionParams, type ImpressionPreset } from './impress.ts';
export { renderPage, SCAN_PX_PER_MM, type PageOptions, type PageStamp, type Capture, type FormKind } from './page.ts';
export {
  SEALGEN_VERSION,
  EXPECTED,
  PAIR_KINDS,
  makePerson,
  renderReference,
  renderQuery,
  generateDataset,
  datasetRecords,
  parseLabels,
  writeLabels,
  type PairKind,
  type PairRecord,
  type Person,
} from './dataset.ts';
export { generateFixtures, FIXTURE_SEED } from './fixtures.ts';
