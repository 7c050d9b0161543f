import type { ComplianceRequest, ComplianceResult, DesiredState, Difference, ErrorInfo, Probe, Product, TestRequest } from '../protocol';
import { EXIT, ToolError } from '../errors';
import { fail, terminalText } from '../messages';
import { defineCommand, type CommandContext } from './command';
import { changeRequestsForDesired, compareDesired } from './desired';
import { applyChangeRequest } from './set';
import { testCommand } from './test';
import {
  alreadyCompliantResult,
  compliantResult,
  connectivityFailedResult,
  driftResult,
  errorResult,
  failedRepairResult,
  productOf,
  repairedResult,
} from './compliance-summary';

/** A ToolError as the result carries it; anything else is a bug and goes on up (INTERNAL). */
function errorInfoOf(error: unknown, fieldPrefix = ''): ErrorInfo {
  if (!(error instanceof ToolError)) throw error;
  const field =
    error.field === undefined ? undefined : fieldPrefix && error.field !== 'machine' ? `${fieldPrefix}${error.field}` : error.field;
  return { code: error.code, message: error.message, ...(field ? { field } : {}) };
}

/** The backup a failed change names in its partial result, if it got that far. */
function backupOf(error: unknown): string | null {
  const partial = error instanceof ToolError ? (error.options.details as { result?: { backup?: string } } | undefined)?.result : undefined;
  return partial?.backup ?? null;
}

async function testConnectivity(
  product: Product,
  request: ComplianceRequest,
  desired: DesiredState,
  context: CommandContext,
): Promise<ComplianceResult> {
  const testRequest: TestRequest = {
    ...request.connectivity,
    product,
    ...(request.machine === undefined ? {} : { machine: request.machine }),
  };
  let probes: Probe[];
  try {
    probes = (await testCommand.run(testRequest, context)).result.probes;
  } catch (error) {
    return errorResult(product, errorInfoOf(error, 'connectivity.'));
  }
  return probes.every((p) => p.verdict === 'pass')
    ? compliantResult(product, desired, probes, true)
    : connectivityFailedResult(product, probes);
}

async function check(product: Product, request: ComplianceRequest, context: CommandContext): Promise<ComplianceResult> {
  let differences: Difference[];
  try {
    differences = (await compareDesired(await context.host(), request.desired)).differences;
  } catch (error) {
    return errorResult(product, errorInfoOf(error));
  }
  if (differences.length > 0) return driftResult(product, differences);
  if (request.testConnectivity) return testConnectivity(product, request, request.desired, context);
  return compliantResult(product, request.desired);
}

async function repair(product: Product, request: ComplianceRequest, context: CommandContext): Promise<ComplianceResult> {
  let differences: Difference[] = [];
  try {
    differences = (await compareDesired(await context.host(), request.desired)).differences;
    if (differences.length === 0) return alreadyCompliantResult(product);
    const [change] = changeRequestsForDesired(request.desired, request.machine);
    const serviceTimeout = request.serviceTimeoutMs === undefined ? {} : { serviceTimeoutMs: request.serviceTimeoutMs };
    return repairedResult(product, differences, await applyChangeRequest({ ...change!, ...serviceTimeout }, context));
  } catch (error) {
    return failedRepairResult(product, errorInfoOf(error), differences, backupOf(error));
  }
}

/**
 * `compliance`: the fleet scripts' question in one request. A check compares with the desired state and, when
 * it is in place and asked to, tests the route to the service; a repair sets the desired state when it is not
 * in place. Whatever happens inside, the answer is a result with a status, a reason, one line and the exit code
 * a detection or remediation script ends with (which is also this command's exit code): only an invalid
 * request itself is refused with exit 2.
 */
export const complianceCommand = defineCommand({
  name: 'compliance',
  summary: terminalText('HELP_COMMAND_COMPLIANCE'),
  async run(request: ComplianceRequest, context) {
    const product = productOf(request.desired);
    if (!product) throw fail('COMPLIANCE_ONE_PRODUCT', {}, { field: 'desired' });
    const result = request.repair ? await repair(product, request, context) : await check(product, request, context);
    return { result, exit: result.exitCode === 0 ? EXIT.OK : EXIT.NEGATIVE };
  },
});
