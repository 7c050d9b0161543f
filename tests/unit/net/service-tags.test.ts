import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchAddress, parseServiceTags } from '../../../core/net/catalog/service-tags';

const file = {
  changeNumber: 1,
  cloud: 'Public',
  values: [
    {
      name: 'AzureAdvancedThreatProtection',
      id: 'AzureAdvancedThreatProtection',
      properties: { addressPrefixes: ['20.36.0.0/14', '2603:1000::/25'] },
    },
    { name: 'AzureAdvancedThreatProtection.WestEurope', properties: { addressPrefixes: ['20.38.0.0/16'] } },
    { name: 'MicrosoftDefenderForEndpoint', properties: { addressPrefixes: ['52.100.0.0/16'] } },
    { name: 'Storage', properties: { addressPrefixes: ['20.36.0.0/14'] } },
  ],
};

test('only the wanted tags (and their regional variants) are kept', () => {
  const tags = parseServiceTags(file, ['AzureAdvancedThreatProtection']);
  assert.equal(
    tags.map((t) => t.name),
    ['AzureAdvancedThreatProtection', 'AzureAdvancedThreatProtection.WestEurope'],
  );
});

test('an address reports every containing tag and the longest prefix', () => {
  const tags = parseServiceTags(file, ['AzureAdvancedThreatProtection', 'MicrosoftDefenderForEndpoint']);
  assert.equal(matchAddress('x', '20.38.1.1', tags), {
    host: 'x',
    address: '20.38.1.1',
    tags: ['AzureAdvancedThreatProtection', 'AzureAdvancedThreatProtection.WestEurope'],
    prefix: '20.38.0.0/16',
  });
  assert.equal(matchAddress('x', '2603:1000::9', tags).tags, ['AzureAdvancedThreatProtection']);
  assert.equal(matchAddress('x', '8.8.8.8', tags), { host: 'x', address: '8.8.8.8', tags: [], prefix: null });
});

test('a file without "values" is rejected with a sentence', () => {
  assert.throws(() => parseServiceTags({ nope: [] }, ['X']), /values/);
});

test.run();
