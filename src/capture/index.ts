export * from './frames';
export * from './pcap';
export * from './pcapng-writer';
