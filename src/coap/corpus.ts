/**
 * Valid CoAP messages as hex, for seeding the fuzzer and for cross-checks against other codecs.
 * `pcap` entries are byte-exact UDP payloads from `libcoap-session.pcap` (frame number in the
 * name): the requests are libcoap 4.3.1's, the responses node-coap's.
 */
export interface CorpusEntry {
  readonly name: string;
  readonly hex: string;
}

const repeat = (byteHex: string, n: number): string => byteHex.repeat(n);

export const CORPUS: readonly CorpusEntry[] = [
  // RFC 7252 Appendix A, Figures 16 and 17.
  { name: 'RFC 7252 A: CON GET /temperature', hex: '40017d34bb74656d7065726174757265' },
  { name: 'RFC 7252 A: ACK 2.05 "22.3 C"', hex: '60457d34ff32322e332043' },
  { name: 'RFC 7252 A: CON GET token 0x20', hex: '41017d3520bb74656d7065726174757265' },
  // libcoap requests and node-coap responses (pcap frame numbers).
  {
    name: 'pcap 1: CON POST /mqtt/connection?clientid=123&username=admin&password=public',
    hex: '4102a2fb01b46d7174740a636f6e6e656374696f6e4c636c69656e7469643d3132330d01757365726e616d653d61646d696e0d0270617373776f72643d7075626c6963',
  },
  { name: 'pcap 2: ACK 2.01 token', hex: '6141a2fb01ff33343034343930373837' },
  {
    name: 'pcap 7: CON POST /ps/coap/test payload',
    hex: '41023b1701b2707304636f61700474657374ff48692c2074686973206973206c6962636f6170',
  },
  {
    name: 'pcap 9: observe register, 0-length Observe',
    hex: '48018b9a6f6273746f6b656f6052707304636f61700474657374',
  },
  { name: 'pcap 10: ACK 2.05 Observe=1', hex: '68458b9a6f6273746f6b656f6101ff66697273742d30' },
  { name: 'pcap 12: empty ACK', hex: '6000ea07' },
  {
    name: 'pcap 19: observe deregister, Observe=1',
    hex: '48018b9b6f6273746f6b656f610152707304636f61700474657374',
  },
  {
    name: 'pcap 142: observe register, 1-byte 0x00 Observe',
    hex: '4101a6ea01610052707304636f61700474657374',
  },
  { name: 'pcap 160: token "0x0103"', hex: '4601f80a307830313033b46e6f7065' },
  // Hand-made.
  { name: 'CON GET, no token, no options', hex: '40011234' },
  { name: 'CoAP ping (empty CON)', hex: '40001234' },
  { name: 'RST', hex: '70001234' },
  { name: '8-byte token', hex: '684500010102030405060708ff6f6b' },
  { name: '3-byte Observe', hex: '4845beef6f6273746f6b656f633a2b1cff32312e35' },
  { name: 'Block2 2/1/64', hex: '61451234' + '42d10a1a' + 'ff' + repeat('61', 64) },
  { name: 'option 2048 (delta 14 form)', hex: '40010007e106f378' },
  { name: 'deltas 12, 13, 268, 269', hex: '40010009c0d000d0ffe00000' },
  {
    name: 'lengths 12, 13, 268, 269',
    hex:
      '4001000a' +
      ('bc' + repeat('61', 12)) +
      ('0d00' + repeat('62', 13)) +
      ('0dff' + repeat('63', 268)) +
      ('0e0000' + repeat('64', 269)),
  },
  { name: '300-byte Uri-Path', hex: '40010008be001f' + repeat('61', 300) },
  { name: '300-byte payload', hex: '5002000bff' + repeat('7a', 300) },
  { name: 'highest option number 65535', hex: '40010001e0fef2' },
  {
    name: 'Uri-Host, Uri-Port 5684, path, query',
    hex: '40010001396c6f63616c686f7374421634426d7143613d31',
  },
];
