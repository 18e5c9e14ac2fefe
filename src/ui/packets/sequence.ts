// The sequence diagram's model lives in sequence/model.ts. This re-export only keeps
// server-rows.test.ts, a test of the packet index being rewritten on another branch, importing
// './sequence' unchanged: drop it once that test imports './sequence/model'.
export * from './sequence/model';
