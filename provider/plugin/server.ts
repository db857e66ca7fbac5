// The alicloud-dbs plugin's handlers for the generic server of providerServer.ts: the resources,
// functions and config of this plugin. I/O.
import type { Environment, SettingsResult } from "../lib/settings";
import { checkProviderConfig, pluginSettings, SECRET_SETTINGS } from "./config";
import { FUNCTIONS } from "./functions";
import type { PluginServer } from "./providerServer";
import { startProviderServer } from "./providerServer";
import { resourceHandlers, withSecretOutputs } from "./resources";
import type { ResourceHandler } from "./resources";
import { PACKAGE, pluginSchema } from "./schema";
import { typeOf } from "./values";
import { VERSION } from "./version";

export function startPluginServer(env: Environment = process.env): Promise<PluginServer> {
  let settings: SettingsResult = pluginSettings({}, env);
  const handlers = resourceHandlers(() => settings);

  function handlerFor(urn: string): ResourceHandler {
    const type = typeOf(urn);
    const found = handlers[type];
    if (!found) throw new Error(`${PACKAGE} has no resource type ${type}`);
    return found;
  }

  return startProviderServer({
    name: PACKAGE,
    version: VERSION,
    schema: () => JSON.stringify(pluginSchema(VERSION)),
    // The engine keeps and logs what CheckConfig answers: the secret settings go back as secrets.
    checkConfig: (news) => ({
      inputs: withSecretOutputs(SECRET_SETTINGS, news),
      failures: checkProviderConfig(news, env),
    }),
    configure: (args) => {
      // What CheckConfig would have refused (an engine that skipped it, a raw client) fails here too.
      const failures = checkProviderConfig(args, env);
      if (failures.length > 0) throw new Error(failures.map((f) => f.reason).join("; "));
      settings = pluginSettings(args, env);
    },
    check: (urn, olds, news) => handlerFor(urn).check(urn, olds, news),
    diff: (urn, olds, news) => handlerFor(urn).diff(olds, news),
    // A cancel ends every wait in progress: the tasks are kept in the state as failed to initialize.
    create: (urn, inputs, cancel) => handlerFor(urn).create(inputs, cancel),
    read: (urn, id, props, inputs) => handlerFor(urn).read(id, props, inputs),
    update: (urn, id, olds, news, cancel) => handlerFor(urn).update(id, olds, news, cancel),
    delete: (urn, id, props) => handlerFor(urn).delete(id, props),
    invoke: async (token, args) => {
      const run = FUNCTIONS[token];
      if (!run) throw new Error(`${PACKAGE} has no function ${token}`);
      return run(settings, args);
    },
  });
}
