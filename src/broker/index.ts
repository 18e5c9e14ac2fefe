export * from './types';
export * from './topic';
export * from './trie';
export * from './expiry';
export * from './retained';
export * from './broker';
export * from './mqtt-client';
export * from './port';
