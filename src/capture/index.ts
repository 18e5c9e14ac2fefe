export * from './frames';
export * from './pcap';
