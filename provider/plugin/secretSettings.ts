// The provider's inputs as CheckConfig answers them: the secret settings marked secret again, since
// the engine keeps what CheckConfig returns and logs every answer (PULUMI_DEBUG_GRPC). Pure.
import type { PropertyBag } from "../core/outputs";
import { CONFIG_VARIABLES } from "./config";
import { secret } from "./values";

export function withSecretSettings(inputs: PropertyBag): PropertyBag {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => {
      const isSecret = Object.hasOwn(CONFIG_VARIABLES, key) && CONFIG_VARIABLES[key].secret === true;
      return [key, isSecret && value !== undefined && value !== null ? secret(value) : value];
    }),
  );
}
