import type { DesiredState, DscResult } from '../protocol';
import type { Host } from '../host/host';
import type { LogEvent } from '../log';

/** What a resource needs of the command that runs it: the machine, and somewhere to log. */
export interface ResourceContext {
  host(): Promise<Host>;
  log(event: LogEvent): void;
}

/** One DSC resource type: how its instance maps to the core's stores and desired state. */
export interface DscResource<I extends DscResult> {
  /** `MDIProxy` or `MDEProxy`, as in the manifest's type `DefenderProxyTools/<name>`. */
  name: string;
  /** Instance properties this resource takes (the schema's definition of its instance). */
  definition: 'MdiProxyInstance' | 'MdeProxyInstance';
  /** The actual state, shaped like the request (same machine, same components). */
  read(request: I, context: ResourceContext): Promise<I>;
  /**
   * The request with every property it leaves out taken from the actual state: a property left unset is not
   * managed, so it must never read as "no proxy" (an unset proxyUrl would otherwise clear the sensor's proxy).
   */
  merge(request: I, actual: I): I;
  /** The (merged) request as the core's desired state; throws a ToolError when it says nothing definite. */
  desired(request: I): DesiredState;
  /** What the actual state becomes once the desired one is applied (for what-if). */
  expected(actual: I, request: I): I;
}

/** The request's own identity fields, echoed so DSC can match instances. */
export function machineOf(request: { machine?: string }): { machine?: string } {
  return request.machine === undefined ? {} : { machine: request.machine };
}
