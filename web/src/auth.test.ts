import { describe, expect, it } from "vitest";
import { AuthError, refresh, setNewPassword, signIn } from "./auth";

const settings = { endpoint: "https://cognito.test/", clientId: "client-1" };

/** A fetch that answers like Cognito's JSON API and records what it was asked. */
function cognito(answers: Array<[number, unknown]>) {
  const calls: Array<{ target: string; body: Record<string, unknown> }> = [];
  const fetcher = (async (_url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({ target: headers["X-Amz-Target"], body: JSON.parse(String(init.body)) });
    const [status, body] = answers.shift() ?? [500, {}];
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { fetcher, calls };
}

describe("Cognito sign-in", () => {
  it("signs in with USER_PASSWORD_AUTH and keeps the ID token", async () => {
    const { fetcher, calls } = cognito([
      [200, { AuthenticationResult: { IdToken: "id", RefreshToken: "r", ExpiresIn: 3600 } }],
    ]);
    const result = await signIn(settings, "ana@demo.local", "s3nha", fetcher);
    expect(result.kind).toBe("signed-in");
    expect(result.kind === "signed-in" && result.tokens.idToken).toBe("id");
    expect(calls[0].target).toBe("AWSCognitoIdentityProviderService.InitiateAuth");
    expect(calls[0].body).toEqual({
      ClientId: "client-1",
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "ana@demo.local", PASSWORD: "s3nha" },
    });
  });

  it("asks a user created by an admin for a new password, then answers the challenge", async () => {
    const { fetcher, calls } = cognito([
      [200, { ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s1", ChallengeParameters: { USERNAME: "u-1" } }],
      [200, { AuthenticationResult: { IdToken: "id2", RefreshToken: "r2", ExpiresIn: 60 } }],
    ]);
    const first = await signIn(settings, "novo@demo.local", "Temp12345!", fetcher);
    expect(first).toEqual({ kind: "new-password", username: "u-1", session: "s1" });
    const tokens = await setNewPassword(settings, "u-1", "s1", "NovaSenha123", fetcher);
    expect(tokens.idToken).toBe("id2");
    expect(calls[1].target).toBe("AWSCognitoIdentityProviderService.RespondToAuthChallenge");
    expect(calls[1].body.ChallengeResponses).toEqual({ USERNAME: "u-1", NEW_PASSWORD: "NovaSenha123" });
  });

  it("says a wrong password in pt-BR without telling whether the user exists", async () => {
    for (const type of ["NotAuthorizedException", "UserNotFoundException"]) {
      const { fetcher } = cognito([[400, { __type: type, message: "Incorrect username or password." }]]);
      const failure = signIn(settings, "x@demo.local", "errada", fetcher);
      await expect(failure).rejects.toThrow(AuthError);
      await expect(signIn(settings, "x", "y", cognito([[400, { __type: type }]]).fetcher)).rejects.toThrow(
        "E-mail ou senha inválidos.",
      );
    }
  });

  it("refreshes with the refresh token and keeps it when Cognito does not send a new one", async () => {
    const { fetcher, calls } = cognito([[200, { AuthenticationResult: { IdToken: "id3", ExpiresIn: 3600 } }]]);
    const tokens = await refresh(settings, "r-old", fetcher);
    expect(tokens.refreshToken).toBe("r-old");
    expect(calls[0].body.AuthFlow).toBe("REFRESH_TOKEN_AUTH");
  });
});
