import * as Comlink from 'comlink';
import type {
  Intent,
  IntentResult,
  OpenedScenario,
  JournalBatch,
  OperatorCall,
  PlaygroundApi,
  WorldSnapshot,
} from '../../worker/api';
import type { JournalEntry } from '../../sim';
import type { ApiAnswer } from '../../wire/api';
import type { Comparison } from '../../worker/api';
import type { Scenario } from '../../worker/api';

/**
 * The one object that owns the worker (docs/architecture.md style 8 "One owner per boundary", Squoosh's WorkerBridge): it starts it,
 * forwards typed intents through Comlink, and restarts it if it dies. React never calls
 * postMessage.
 */
export class WorkerBridge {
  private worker: Worker | undefined;
  private api: Comlink.Remote<PlaygroundApi> | undefined;

  constructor(private readonly onBatch: (batch: JournalBatch) => void) {}

  start(): void {
    this.worker = new Worker(new URL('../../worker/world.worker.ts', import.meta.url), {
      type: 'module',
      name: 'world',
    });
    this.api = Comlink.wrap<PlaygroundApi>(this.worker);
    void this.api.connect(Comlink.proxy(this.onBatch));
  }

  private get remote(): Comlink.Remote<PlaygroundApi> {
    if (!this.api) this.start();
    return this.api as Comlink.Remote<PlaygroundApi>;
  }

  dispatch(intent: Intent): Promise<IntentResult> {
    return this.remote.dispatch(intent);
  }

  dispatchAll(intents: readonly Intent[]): Promise<IntentResult[]> {
    return this.remote.dispatchAll(intents);
  }

  snapshot(): Promise<WorldSnapshot> {
    return this.remote.snapshot();
  }

  journal(from: number, limit: number): Promise<JournalEntry[]> {
    return this.remote.journal(from, limit);
  }

  exportCapture(epochAtZero: number): Promise<Uint8Array> {
    return this.remote.exportCapture(epochAtZero);
  }

  compareModes(scenario: Scenario): Promise<Comparison> {
    return this.remote.compareModes(scenario);
  }

  importCapture(bytes: Uint8Array, name: string): ReturnType<PlaygroundApi['importCapture']> {
    return this.remote.importCapture(Comlink.transfer(bytes, [bytes.buffer]), name);
  }

  closeCapture(): Promise<void> {
    return this.remote.closeCapture();
  }

  shareScenario(): ReturnType<PlaygroundApi['shareScenario']> {
    return this.remote.shareScenario();
  }

  openScenario(text: string, form: 'json' | 'param'): Promise<OpenedScenario> {
    return this.remote.openScenario(text, form);
  }

  /** A management API call from the Operator view, answered as curl's would be. */
  operate(call: OperatorCall): Promise<ApiAnswer> {
    return this.remote.operate(call);
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.api = undefined;
  }
}
