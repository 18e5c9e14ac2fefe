/**
 * Packets the panel can load with one click, as hex a user could have pasted. Each is checked
 * against the codec in examples.test.ts, so the bytes are what the labels say.
 */
export interface ExamplePacket {
  id: string;
  label: string;
  description: string;
  hex: string;
}

export const EXAMPLES = [
  {
    id: 'libcoap-connect',
    label: 'libcoap connect',
    description:
      'CON POST coap://127.0.0.1/mqtt/connection?clientid=123 with token 01, as coap-client sends it',
    hex: '41 02 1a 36 01 b4 6d 71 74 74 0a 63 6f 6e 6e 65 63 74 69 6f 6e 4c 63 6c 69 65 6e 74 69 64 3d 31 32 33',
  },
  {
    id: 'observe-notification',
    label: 'observe notification',
    description:
      'CON 2.05 Content from the gateway to an observer: token "obstokeo", a 24-bit Observe sequence number and a JSON payload',
    hex: '48 45 7d 35 6f 62 73 74 6f 6b 65 6f 63 6c 9d 1e ff 7b 22 74 65 6d 70 65 72 61 74 75 72 65 22 3a 32 31 2e 35 7d',
  },
  {
    id: 'malformed-tkl9',
    label: 'malformed (token length 9)',
    description: 'A GET whose token length nibble is 9, which RFC 7252 §3 reserves',
    hex: '49 01 00 2a 01 02 03 04 05 06 07 08 09 b2 70 73',
  },
] as const satisfies readonly ExamplePacket[];

/** What the textarea holds when the page opens. */
export const DEFAULT_HEX: string = EXAMPLES[0].hex;
