export * from './random';
export * from './params';
export * from './layer';
