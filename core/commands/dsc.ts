import type { DesiredState, DscRequest, DscResult } from '../protocol';
import type { CommandContext } from './command';
import { defineCommand } from './command';
import { ToolError } from '../errors';
import { fail, logLine, phrase, terminalText } from '../messages';
import { compareDesired, changeRequestsForDesired } from './desired';
import { applyChangeRequest } from './set';
import { mdiProxyResource } from '../dsc/mdi-proxy';
import { mdeProxyResource } from '../dsc/mde-proxy';
import type { DscResource } from '../dsc/resource';
import schema from '../../schema/defenderproxy.schema.json';

const RESOURCES: DscResource<DscResult>[] = [mdiProxyResource as DscResource<DscResult>, mdeProxyResource as DscResource<DscResult>];
const OPERATIONS = ['get', 'set', 'test', 'whatif'] as const;
type Operation = (typeof OPERATIONS)[number];

/**
 * `defenderproxy dsc <get|set|test|whatif> <MDIProxy|MDEProxy>`: a DSC v3 command resource. The instance
 * comes on stdin and goes back alone on stdout as one JSON line; logs are JSON lines on stderr. test exits 0
 * whether or not the instance is in the desired state, as DSC expects; set converges only when test finds drift.
 */
export const dscCommand = defineCommand({
  name: 'dsc',
  summary: terminalText('HELP_COMMAND_DSC'),
  acceptsEmptyRequest: true,
  arguments: '<get|set|test|whatif> <MDIProxy|MDEProxy>',
  async run(request, context) {
    try {
      const { operation, resource } = parseArgs(context.args);
      checkProperties(resource, request);
      return { result: await OPERATION_RUNNERS[operation](resource, request, context), bare: true };
    } catch (error) {
      const code = error instanceof ToolError ? { code: error.code } : {};
      context.log({ level: 'error', message: error instanceof Error ? error.message : String(error), ...code });
      throw error;
    }
  },
});

/** The actual state, and the request with what it leaves unset taken from it (see DscResource.merge). */
async function readAndMerge(
  resource: DscResource<DscResult>,
  request: DscRequest,
  context: CommandContext,
): Promise<{ actual: DscResult; wanted: DscResult }> {
  const actual = await resource.read(request, context);
  return { actual, wanted: resource.merge(request, actual) };
}

const OPERATION_RUNNERS: Record<
  Operation,
  (resource: DscResource<DscResult>, request: DscRequest, context: CommandContext) => Promise<DscResult>
> = {
  get: (resource, request, context) => resource.read(request, context),

  async test(resource, request, context) {
    const { actual, wanted } = await readAndMerge(resource, request, context);
    let desired: DesiredState;
    try {
      desired = resource.desired(wanted);
    } catch (error) {
      // A proxy is wanted but none is named and the machine has none: not in the desired state (set says why).
      if (!(error instanceof ToolError) || error.code !== 'DSC_PROXY_MISSING') throw error;
      context.log({ level: 'info', code: error.code, message: error.message });
      return { ...actual, _inDesiredState: false };
    }
    const comparison = await compareDesired(await context.host(), desired);
    for (const d of comparison.differences)
      context.log(
        logLine('info', 'DSC_DIFFERENCE', { field: d.field, actual: d.actual ?? phrase('NONE'), desired: d.desired ?? phrase('NONE') }),
      );
    return { ...actual, _inDesiredState: comparison.inDesiredState };
  },

  async set(resource, request, context) {
    const { wanted } = await readAndMerge(resource, request, context);
    const desired = resource.desired(wanted);
    const comparison = await compareDesired(await context.host(), desired);
    if (comparison.inDesiredState) {
      context.log(logLine('info', 'DSC_IN_DESIRED_STATE', { resource: resource.name }));
    } else {
      for (const change of changeRequestsForDesired(desired, request.machine)) {
        const result = await applyChangeRequest(change, context);
        for (const c of result.changes)
          context.log(
            logLine('info', 'DSC_CHANGED', { target: c.target, before: c.before ?? phrase('NONE'), after: c.after ?? phrase('NONE') }),
          );
      }
    }
    return resource.read(request, context);
  },

  async whatif(resource, request, context) {
    const { actual, wanted } = await readAndMerge(resource, request, context);
    const comparison = await compareDesired(await context.host(), resource.desired(wanted));
    for (const d of comparison.differences)
      context.log(
        logLine('info', 'DSC_WOULD_CHANGE', { field: d.field, actual: d.actual ?? phrase('NONE'), desired: d.desired ?? phrase('NONE') }),
      );
    return comparison.inDesiredState ? actual : resource.expected(actual, wanted);
  },
};

function parseArgs(args: string[]): { operation: Operation; resource: DscResource<DscResult> } {
  const [operationWord = '', resourceWord = ''] = args;
  const operation = OPERATIONS.find((o) => o === operationWord.toLowerCase().replace('-', ''));
  if (!operation) throw fail('DSC_OPERATION_UNKNOWN', { operation: operationWord }, { field: 'args' });
  const bare = resourceWord.replace(/^DefenderProxyTools\//i, '').toLowerCase();
  const resource = RESOURCES.find((r) => r.name.toLowerCase() === bare);
  if (!resource) throw fail('DSC_RESOURCE_UNKNOWN', { resource: resourceWord }, { field: 'args' });
  return { operation, resource };
}

/**
 * The schema accepts either instance shape; one resource takes only its own properties. (Checked by name:
 * the types were checked by the schema, and a property both shapes share has the same type in both.)
 */
function checkProperties(resource: DscResource<DscResult>, request: DscRequest): void {
  const definition = (schema.definitions as Record<string, { properties?: object }>)[resource.definition];
  const known = Object.keys(definition?.properties ?? {});
  const stray = Object.keys(request).find((key) => !known.includes(key));
  if (stray !== undefined)
    throw fail(
      'FIELD_UNKNOWN',
      { field: stray, hint: phrase('FIELD_RESOURCE_TAKES', { resource: resource.name, known: known.join(', ') }) },
      { field: stray },
    );
}
