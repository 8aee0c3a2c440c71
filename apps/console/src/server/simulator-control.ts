/**
 * What the console may do to a shopper simulator running beside it (the demo passes one in): switch a
 * fault on or off, so that a person, or the browser test, can watch the sentinel catch it.
 */
export interface SimulatorControl {
  /** Fault names the simulator knows, e.g. "price-x0.92". */
  faults(): readonly string[];
  /** The active fault, or "none". */
  fault(): string;
  setFault(name: string): void;
}
