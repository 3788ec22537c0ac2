// The municipality officer's pages, loaded only when one is opened: parents and fund staff never download them.
export { UptakePage } from './municipality-uptake';
export { EstimatesPage } from './municipality-estimates';
