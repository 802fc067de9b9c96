// Cognito sign-in over its JSON API (the same calls locally, against moto's Cognito, and in AWS):
// InitiateAuth (USER_PASSWORD_AUTH), the NEW_PASSWORD_REQUIRED challenge of a user an admin created,
// and REFRESH_TOKEN_AUTH. Tokens live in memory only.

export interface CognitoSettings {
  endpoint: string;
  clientId: string;
}

export interface Tokens {
  idToken: string; // the HTTP API authorizer's audience is the app client: the ID token
  refreshToken: string;
  expiresAt: number; // epoch ms
}

export type SignIn =
  | { kind: "signed-in"; tokens: Tokens }
  | { kind: "new-password"; username: string; session: string };

const MESSAGES: Record<string, string> = {
  NotAuthorizedException: "E-mail ou senha inválidos.",
  UserNotFoundException: "E-mail ou senha inválidos.",
  InvalidPasswordException:
    "A nova senha não atende à política: use ao menos 10 caracteres, com letras maiúsculas, minúsculas e números.",
  PasswordResetRequiredException: "É preciso redefinir a senha: peça ao administrador.",
  TooManyRequestsException: "Muitas tentativas. Aguarde um pouco e tente de novo.",
  LimitExceededException: "Muitas tentativas. Aguarde um pouco e tente de novo.",
  CodeMismatchException: "Sessão expirada: entre de novo.",
  ExpiredCodeException: "Sessão expirada: entre de novo.",
};

export class AuthError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface AuthenticationResult {
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

interface CognitoAnswer {
  AuthenticationResult?: AuthenticationResult;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

async function call(
  settings: CognitoSettings,
  action: string,
  body: Record<string, unknown>,
  fetcher: typeof fetch,
): Promise<CognitoAnswer> {
  let response: Response;
  try {
    response = await fetcher(settings.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify({ ClientId: settings.clientId, ...body }),
    });
  } catch {
    throw new AuthError("NetworkError", "Sem conexão com o serviço de login. Tente de novo.");
  }
  const data = (await response.json().catch(() => ({}))) as CognitoAnswer & { __type?: string };
  if (!response.ok) {
    const type = (data.__type ?? "").split("#").pop() ?? "";
    throw new AuthError(type, MESSAGES[type] ?? "Não foi possível entrar. Tente de novo.");
  }
  return data;
}

function tokens(result: AuthenticationResult, refreshToken: string | undefined, now: number): Tokens {
  return {
    idToken: result.IdToken,
    refreshToken: result.RefreshToken ?? refreshToken ?? "",
    expiresAt: now + result.ExpiresIn * 1000,
  };
}

export async function signIn(
  settings: CognitoSettings,
  username: string,
  password: string,
  fetcher: typeof fetch = fetch,
): Promise<SignIn> {
  const answer = await call(
    settings,
    "InitiateAuth",
    { AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD: password } },
    fetcher,
  );
  if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED" && answer.Session) {
    const name = answer.ChallengeParameters?.USER_ID_FOR_SRP ?? answer.ChallengeParameters?.USERNAME;
    return { kind: "new-password", username: name ?? username, session: answer.Session };
  }
  if (!answer.AuthenticationResult) {
    throw new AuthError(answer.ChallengeName ?? "", "Este tipo de login ainda não é aceito pelo console.");
  }
  return { kind: "signed-in", tokens: tokens(answer.AuthenticationResult, undefined, Date.now()) };
}

export async function setNewPassword(
  settings: CognitoSettings,
  username: string,
  session: string,
  newPassword: string,
  fetcher: typeof fetch = fetch,
): Promise<Tokens> {
  const answer = await call(
    settings,
    "RespondToAuthChallenge",
    {
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
    },
    fetcher,
  );
  if (!answer.AuthenticationResult) throw new AuthError("", "Não foi possível definir a senha.");
  return tokens(answer.AuthenticationResult, undefined, Date.now());
}

export async function refresh(
  settings: CognitoSettings,
  refreshToken: string,
  fetcher: typeof fetch = fetch,
): Promise<Tokens> {
  const answer = await call(
    settings,
    "InitiateAuth",
    { AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: refreshToken } },
    fetcher,
  );
  if (!answer.AuthenticationResult) throw new AuthError("", "Sessão expirada: entre de novo.");
  return tokens(answer.AuthenticationResult, refreshToken, Date.now());
}
