/**
 * The errors of STS 2015-04-01 that the emulator answers. Codes, messages and statuses come from
 * Alibaba's docs (the STS error-code list, the AssumeRole reference, the ACK RRSA troubleshooting
 * table) unless a comment says "Guess".
 */
import { ApiError } from "./errors";

const oidcToken = (code: string, message: string): ApiError =>
  new ApiError(401, `AuthenticationFail.OIDCToken.${code}`, message);

export const stsErrors = {
  roleArn: () => new ApiError(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed."),
  roleSessionName: () =>
    new ApiError(400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed."),
  // The message is fixed text, whatever the role's MaxSessionDuration.
  durationSeconds: () =>
    new ApiError(
      400,
      "InvalidParameter.DurationSeconds",
      "The Min/Max value of DurationSeconds is 15min/1hr.",
    ),
  policyGrammar: () =>
    new ApiError(400, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check."),
  externalId: () =>
    new ApiError(400, "InvalidParameter.ExternalId", "The parameter ExternalId is wrongly formed."),
  // Guess: the status. The older AssumeRole reference lists EntityNotExist.Role as 404.
  roleNotFound: (arn: string) => new ApiError(404, "EntityNotExist.Role", `The role not exists: ${arn}.`),
  // What STS answers for an unregistered provider (RAM's own APIs say EntityNotExist.OIDCProvider).
  providerNotFound: () =>
    new ApiError(401, "AuthenticationFail.NoPermission", "No such OIDC Provider registered."),
  // The role's trust policy does not name the provider.
  roleDoesNotTrustProvider: () =>
    new ApiError(401, "AuthenticationFail.NoPermission", "There is no permission"),
  // Guess: the status (the documented message has none; the STS list has NoPermission at 403).
  roleDoesNotTrustCaller: () =>
    new ApiError(
      403,
      "NoPermission",
      "No permission perform sts:AssumeRole on this Role. Maybe you are not authorized to perform " +
        "sts:AssumeRole or the specified role does not trust you",
    ),
  tokenEmpty: () => oidcToken("Invalid", "The OIDCToken can not empty."),
  tokenParts: () => oidcToken("Invalid", "The number of Jwt field should be divided into 3 parts with '.' ."),
  tokenEncoding: () => oidcToken("Invalid", "Cannot decode base64 encoded response(format invalided)."),
  tokenContent: () => oidcToken("Invalid", "The Jwt content is invalid that cannot be recognized."),
  tokenAlgorithm: (alg: string) =>
    oidcToken("Invalid", `The algorithm ${alg} that be specified in Jwt header is unknown.`),
  // Guess: the status (401, as every other AuthenticationFail.OIDCToken.* code).
  issuerNotMatch: () =>
    oidcToken("IssuerNotMatch", "The issuer in the OIDC Token doesn't match the OIDC Provider registered."),
  audienceNotMatch: () => oidcToken("AudienceNotMatch", "Invalid audience."),
  tokenExpired: () => oidcToken("Expired", "This JsonWebToken is expired."),
};
