'use strict';
// Drives Ferry's ARM surface with Microsoft's own JS client, @azure/arm-storageimportexport (pinned in the repository's
// package.json), used exactly as a customer would: the stock StorageImportExport client, a token credential, the
// endpoint and api-version as options. Node must trust the server certificate (NODE_EXTRA_CA_CERTS).
//
// Usage: node arm-client.js <scenario>
//   FERRY_ARM_ENDPOINT      https://127.0.0.1:port/
//   FERRY_ARM_SUBSCRIPTION  the subscription id
//   FERRY_ARM_TOKEN         the bearer token the credential hands out
//   FERRY_ARM_API_VERSION   2016-11-01, 2020-08-01 or 2021-01-01
//   refusals only: FERRY_ARM_EXPIRED_TOKEN (an expired token for the subscription), FERRY_ARM_FOREIGN_TOKEN (a valid
//   token granting only another subscription)
//
// Prints one JSON document on stdout: {"scenario", "apiVersion", "steps": [{"name", "ok", "value"} or
// {"name", "ok": false, "statusCode", "code", "message", "stack"}]}. A step that throws is recorded as failed with the
// error's status, code and message; the test decides which steps must succeed and which must fail, and how.

const { StorageImportExport, getContinuationToken } = require('@azure/arm-storageimportexport');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }

  return value;
}

const endpoint = required('FERRY_ARM_ENDPOINT');
const subscriptionId = required('FERRY_ARM_SUBSCRIPTION');
const token = required('FERRY_ARM_TOKEN');
const apiVersion = required('FERRY_ARM_API_VERSION');
const scenario = process.argv[2];

function client(overrides = {}) {
  const bearer = overrides.token ?? token;
  const credential = {
    getToken: async () => ({ token: bearer, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
  };
  return new StorageImportExport(credential, subscriptionId, {
    endpoint,
    apiVersion: overrides.apiVersion ?? apiVersion,
    retryOptions: { maxRetries: 0 },
  });
}

/** The same token with another signature (a JWT), or a made-up value (anything else). */
function forged(value) {
  const parts = value.split('.');
  if (parts.length !== 3) {
    return 'forged-' + value;
  }

  const signature = Buffer.from(parts[2], 'base64url');
  signature[0] ^= 0xff;
  return `${parts[0]}.${parts[1]}.${signature.toString('base64url')}`;
}

const steps = [];

async function step(name, action) {
  try {
    const value = await action();
    steps.push({ name, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    steps.push({
      name,
      ok: false,
      statusCode: e?.statusCode ?? null,
      code: e?.code ?? null,
      message: String(e?.message ?? e),
      stack: e?.stack ?? null,
    });
  }
}

/** Calls `call` with operation options that capture the HTTP status of the response and the URL the client requested. */
async function withStatus(call) {
  let status = null;
  let url = null;
  const result = await call({ onResponse: (raw) => { status = raw.status; url = raw.request.url; } });
  return { status, url, result };
}

async function all(iterable) {
  const items = [];
  for await (const item of iterable) {
    items.push(item);
  }

  return items;
}

async function pages(pageable, settings) {
  const result = [];
  for await (const page of pageable.byPage(settings)) {
    result.push({ names: page.map(names), continuationToken: getContinuationToken(page) ?? null });
  }

  return result;
}

/** "resourceGroup/name" of a listed job, from its id. */
function names(job) {
  const group = /\/resourceGroups\/([^/]+)\//i.exec(job.id ?? '');
  return `${group ? group[1] : '?'}/${job.name}`;
}

// Case 1 and 2 of docs/arm-api.md §10 (the CreateJob and CreateExportJob swagger examples).
const returnAddress = {
  recipientName: 'Test',
  streetAddress1: 'Street1',
  streetAddress2: 'street2',
  city: 'Redmond',
  stateOrProvince: 'wa',
  postalCode: '98007',
  countryOrRegion: 'USA',
  phone: '4250000000',
  email: 'Test@contoso.com',
};
const returnShipping = { carrierName: 'FedEx', carrierAccountNumber: '989ffff' };
const bitLockerKey = '238810-662376-448998-450120-652806-203390-606320-483076';
const drive = {
  driveId: '9CA995BB',
  bitLockerKey,
  manifestFile: '\\8a0c23f7-14b7-470a-9633-fcd46590a1bc.manifest',
  manifestHash: '4228EC5D8E048CB9B515338C789314BE8D0B2FDBC7C7A0308E1C826242CDE74E',
  driveHeaderHash: '0:1048576:FB6B6ED500D49DA6E0D723C98D42C657F2881CC13357C28DCECA6A524F1292501571A321238540E621AB5BD9C9A32637615919A75593E6CB5C1515DAE341CABF;135266304:143360:C957A189AFC38C4E80731252301EB91427CE55E61448FA3C73C6FDDE70ABBC197947EC8D0249A2C639BB10B95957D5820A4BE8DFBBF76FFFA688AE5CE0D42EC3',
};

function importJob(driveList = [drive]) {
  return {
    location: 'West US',
    properties: {
      storageAccountId: '/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/resourceGroups/myResourceGroup/providers/Microsoft.ClassicStorage/storageAccounts/test',
      jobType: 'Import',
      returnAddress,
      returnShipping,
      diagnosticsPath: 'waimportexport',
      logLevel: 'Verbose',
      backupDriveManifest: true,
      driveList,
    },
  };
}

function exportJob() {
  return {
    location: 'West US',
    properties: {
      storageAccountId: '/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/resourceGroups/myResourceGroup/providers/Microsoft.ClassicStorage/storageAccounts/test',
      jobType: 'Export',
      returnAddress,
      returnShipping,
      diagnosticsPath: 'waimportexport',
      logLevel: 'Verbose',
      backupDriveManifest: true,
      export: { blobPathPrefix: ['/'] },
    },
  };
}

const deliveryPackage = { carrierName: 'FedEx', trackingNumber: '787895108176', driveCount: 1, shipDate: '1/5/2026 9:00:00 AM' };
const shipping = { state: 'Shipping', deliveryPackage, returnAddress };

const scenarios = {
  // The tenant-level collections.
  async catalogue() {
    const c = client();
    await step('operations.list', async () => (await all(c.operations.list())).map((o) => o.name));
    await step('locations.list', async () => (await all(c.locations.list())).map((l) => ({ id: l.id, name: l.name })));
    await step('locations.get display name', () => c.locations.get('West US'));
    await step('locations.get short name', () => c.locations.get('westus'));
    await step('locations.get unknown', () => c.locations.get('Atlantis'));
  },

  // What the client surfaces for an api-version the server does not serve and for forged, expired and foreign tokens.
  async refusals() {
    await step('unsupported api-version', async () => all(client({ apiVersion: '2019-01-01' }).jobs.listBySubscription()));
    await step('unsupported api-version on a job', () => client({ apiVersion: '2019-01-01' }).jobs.get('myJob', 'myResourceGroup'));
    await step('forged token', async () => all(client({ token: forged(token) }).jobs.listBySubscription()));
    await step('forged token on a job', () => client({ token: forged(token) }).jobs.get('myJob', 'myResourceGroup'));
    await step('expired token', async () => all(client({ token: required('FERRY_ARM_EXPIRED_TOKEN') }).jobs.listBySubscription()));
    await step('token for another subscription', async () => all(client({ token: required('FERRY_ARM_FOREIGN_TOKEN') }).jobs.listBySubscription()));
  },

  // One resource group's jobs through create, get, update, listBitLockerKeys and delete, with the errors the client surfaces.
  async jobs() {
    const c = client();
    const rg = 'myResourceGroup';
    await step('create import', () => withStatus((o) => c.jobs.create('myJob', rg, importJob(), o)));
    await step('create import again', () => withStatus((o) => c.jobs.create('myJob', rg, importJob(), o)));
    await step('create export', () => withStatus((o) => c.jobs.create('myExportJob', rg, exportJob(), o)));
    await step('get', () => c.jobs.get('myJob', rg));
    await step('update tags', () => c.jobs.update('myJob', rg, { tags: { env: 'test', owner: 'ferry' } }));
    await step('update logLevel and backupDriveManifest', () => c.jobs.update('myJob', rg, { state: '', logLevel: 'Error', backupDriveManifest: false }));
    await step('bitLockerKeys.list', async () => all(c.bitLockerKeys.list('myJob', rg)));
    await step('update to Shipping', () => c.jobs.update('myJob', rg, shipping));
    await step('update cancelRequested', () => c.jobs.update('myExportJob', rg, { cancelRequested: true }));
    await step('get missing', () => c.jobs.get('noSuchJob', rg));
    await step('create invalid', () => c.jobs.create('badJob', rg, { ...exportJob(), properties: { ...exportJob().properties, jobType: 'Bogus' } }));
    await step('delete Shipping', () => c.jobs.delete('myJob', rg));
    await step('delete Creating', () => withStatus((o) => c.jobs.delete('myExportJob', rg, o)));
    await step('get deleted', () => c.jobs.get('myExportJob', rg));
  },

  // Five jobs in two resource groups, listed with the server's page size at 2.
  async lists() {
    const c = client();
    const jobs = [
      ['rg-beta', 'job-e', exportJob()],
      ['rg-alpha', 'job-c', importJob()],
      ['rg-beta', 'job-d', importJob()],
      ['rg-alpha', 'Job-B', importJob()],
      ['rg-alpha', 'job-a', exportJob()],
    ];
    await step('create five jobs', async () => {
      for (const [group, name, body] of jobs) {
        await c.jobs.create(name, group, body);
      }

      await c.jobs.update('Job-B', 'rg-alpha', shipping);
    });
    await step('listBySubscription', async () => (await all(c.jobs.listBySubscription())).map(names));
    await step('listBySubscription items', async () => (await all(c.jobs.listBySubscription())).map((j) => ({
      name: j.name, state: j.properties?.state, jobType: j.properties?.jobType, hasDriveList: j.properties?.driveList !== undefined,
    })));
    await step('listBySubscription byPage', () => pages(c.jobs.listBySubscription()));
    await step('listBySubscription top 3', async () => (await all(c.jobs.listBySubscription({ top: 3 }))).map(names));
    await step('listBySubscription top 3 byPage', () => pages(c.jobs.listBySubscription({ top: 3 })));
    await step('listBySubscription state Creating', async () => (await all(c.jobs.listBySubscription({ filter: "state eq 'Creating'" }))).map(names));
    await step('listBySubscription jobType Export', async () => (await all(c.jobs.listBySubscription({ filter: "jobType eq 'Export'" }))).map(names));
    await step('listBySubscription resumed', async () => {
      const first = await c.jobs.listBySubscription().byPage().next();
      const continuationToken = getContinuationToken(first.value);
      return { first: first.value.map(names), rest: await pages(c.jobs.listBySubscription(), { continuationToken }) };
    });
    await step('listByResourceGroup', async () => (await all(c.jobs.listByResourceGroup('rg-alpha'))).map(names));
    await step('listByResourceGroup byPage', () => pages(c.jobs.listByResourceGroup('rg-alpha')));
    await step('listByResourceGroup top 1', async () => (await all(c.jobs.listByResourceGroup('rg-alpha', { top: 1 }))).map(names));
    await step('listByResourceGroup state Creating', async () => (await all(c.jobs.listByResourceGroup('rg-alpha', { filter: "state eq 'Creating'" }))).map(names));
    await step('listByResourceGroup jobType Export', async () => (await all(c.jobs.listByResourceGroup('rg-beta', { filter: "jobType eq 'Export'" }))).map(names));
    await step('listByResourceGroup resumed', async () => {
      const first = await c.jobs.listByResourceGroup('rg-alpha').byPage().next();
      const continuationToken = getContinuationToken(first.value);
      return { first: first.value.map(names), rest: await pages(c.jobs.listByResourceGroup('rg-alpha'), { continuationToken }) };
    });
    await step('listByResourceGroup unknown group', async () => (await all(c.jobs.listByResourceGroup('rg-none'))).map(names));
  },

  // The customer's half of a whole import: create and ship (the test then plays the data centre) ...
  async 'lifecycle-ship'() {
    const c = client();
    await step('create import', () => withStatus((o) => c.jobs.create('lifeJob', 'lifecycle-rg', importJob(), o)));
    await step('update to Shipping', () => c.jobs.update('lifeJob', 'lifecycle-rg', shipping));
  },

  // ... and what the customer sees once the drives came back.
  async 'lifecycle-check'() {
    const c = client();
    await step('get', () => c.jobs.get('lifeJob', 'lifecycle-rg'));
    await step('bitLockerKeys.list', async () => all(c.bitLockerKeys.list('lifeJob', 'lifecycle-rg')));
    await step('delete Completed', () => withStatus((o) => c.jobs.delete('lifeJob', 'lifecycle-rg', o)));
    await step('get deleted', () => c.jobs.get('lifeJob', 'lifecycle-rg'));
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!run) {
    throw new Error(`Unknown scenario '${scenario}'; known: ${Object.keys(scenarios).join(', ')}`);
  }

  await run();
  process.stdout.write(JSON.stringify({ scenario, apiVersion, steps }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
