// The no-op provider plugin `npm run bench` compares the alicloud-dbs plugin with (I/O): the same runtime
// and server (providerServer.ts, bundled by esbuild and started by the same sh wrapper), serving a schema
// with our FullBackupSetDownload's properties, whose check and create answer at once with what ours
// answered for one real resource. Everything it serves is fixed when bundle.ts builds it (the BENCH_NOOP
// constant).
import { runPluginProcess, startProviderServer } from "../../../provider/plugin/providerServer";
import type { NoopDefinition } from "./definition";

declare const BENCH_NOOP: NoopDefinition;

let created = 0;

runPluginProcess(`pulumi-resource-${BENCH_NOOP.name}`, () =>
  startProviderServer({
    name: BENCH_NOOP.name,
    version: BENCH_NOOP.version,
    schema: () => BENCH_NOOP.schema,
    checkConfig: (news) => ({ inputs: news, failures: [] }),
    configure: () => {},
    check: (_urn, _olds, news) => ({ inputs: { ...BENCH_NOOP.inputs, ...news }, failures: [] }),
    diff: () => [],
    create: async (_urn, inputs) => ({ id: `noop${++created}`, outs: { ...BENCH_NOOP.outputs, ...inputs } }),
    delete: async () => {},
  }),
);
