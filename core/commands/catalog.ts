import { readFileBounded } from '../io';
import type { CatalogRequest, CatalogResult, ServiceTagMatch } from '../protocol';
import { fail, logLine, phrase, terminalText } from '../messages';
import { defineCommand, type CommandContext } from './command';
import { MDE_SERVICE_TAGS, MDI_SERVICE_TAG, type EndpointSpec } from '../net/catalog/catalog-data';
import { ALL_GEOS, WORKSPACE_PLACEHOLDER, allowlistText, catalogUrls, hostOf, mdeEndpoints, mdiEndpoints } from '../net/catalog/catalog';
import { mdeCatalogFor, type OnboardingInfo } from '../net/catalog/onboarding';
import { readMachineOnboarding } from './machine-onboarding';
import { checkWorkspace } from '../net/sweep-request';
import { matchAddress, parseServiceTags, type ServiceTag } from '../net/catalog/service-tags';
import { resolveAll } from '../net/probe/resolve';

function specsOf(request: CatalogRequest, onboarding: OnboardingInfo | null): EndpointSpec[] {
  if (request.product === 'mdi') return mdiEndpoints(request.workspace ?? WORKSPACE_PLACEHOLDER, request.cloud ?? 'commercial');
  const choice = mdeCatalogFor(request, onboarding, ALL_GEOS)!;
  return [...choice.extra, ...mdeEndpoints(choice.locations, choice.list)];
}

/** Microsoft's file is about 5 MB; a device or a runaway file must end in a refusal, not a hang. */
const SERVICE_TAGS_MAX_BYTES = 64 * 1024 * 1024;

function readServiceTags(file: string, wanted: string[]): ServiceTag[] {
  let json: unknown;
  try {
    json = JSON.parse(
      readFileBounded(file, SERVICE_TAGS_MAX_BYTES)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } catch (error) {
    throw fail('SERVICE_TAGS_UNREADABLE', { file, detail: (error as Error).message }, { field: 'serviceTagsFile' });
  }
  try {
    const tags = parseServiceTags(json, wanted);
    if (tags.length === 0) throw new Error(phrase('SERVICE_TAGS_NONE_WANTED', { tags: wanted.join(', ') }));
    return tags;
  } catch (error) {
    throw fail('SERVICE_TAGS_UNREADABLE', { file, detail: (error as Error).message }, { field: 'serviceTagsFile' });
  }
}

/** Every address of every catalog host, with the service tags that contain it. */
async function serviceTagMatches(
  hosts: string[],
  tags: ServiceTag[],
  request: CatalogRequest,
  context: CommandContext,
): Promise<ServiceTagMatch[]> {
  const perHost = await Promise.all(
    hosts.map(async (host) => {
      try {
        return (await resolveAll(host, request.resolve)).map((address) => matchAddress(host, address, tags));
      } catch (error) {
        context.log(logLine('warning', 'HOST_NOT_RESOLVED', { host, detail: (error as Error).message }));
        return [];
      }
    }),
  );
  return perHost.flat();
}

export const catalogCommand = defineCommand({
  name: 'catalog',
  summary: terminalText('HELP_COMMAND_CATALOG'),
  async run(request: CatalogRequest, context) {
    checkWorkspace(request.workspace);
    const onboarding =
      request.product === 'mde' && !request.geo && (!request.cloud || request.cloud === 'commercial')
        ? await readMachineOnboarding(request, context)
        : null;
    const specs = specsOf(request, onboarding);
    const result: CatalogResult = { urls: catalogUrls(specs), text: allowlistText(specs) };
    if (request.serviceTagsFile) {
      const tags = readServiceTags(request.serviceTagsFile, request.product === 'mdi' ? [MDI_SERVICE_TAG] : MDE_SERVICE_TAGS);
      const hosts = [...new Set(specs.map((s) => hostOf(s.url)))].filter((h) => !h.includes(WORKSPACE_PLACEHOLDER) && !h.includes('*'));
      result.serviceTags = await serviceTagMatches(hosts, tags, request, context);
    }
    return { result };
  },
});
