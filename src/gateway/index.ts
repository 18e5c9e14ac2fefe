export * from './config';
export * from './events';
export * from './query';
export * from './channel';
export * from './frame';
export * from './gateway';
export { summarize } from './requests';
export * from './config-query';
export { NODE_NAME } from './sys';
