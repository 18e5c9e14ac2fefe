export * from './clock';
export * from './journal';
export * from './network';
export * from './coap-client';
export * from './summary';
export * from './scribe';
export * from './world';
export * from './explain/explainer';
export type { TableDelta } from '../wire/record';
