export * from './message';
export * from './codes';
export * from './options';
export * from './values';
export * from './decode';
export * from './encode';
export * from './block';
export * from './uri';
