// The console's settings, written beside index.html at deploy (and by the local stack): where the API
// is and which Cognito user pool client signs users in. Nothing of it is built into the bundle.

export interface Config {
  apiBase: string; // "/api/v1": same origin (CloudFront routes /api/* to the HTTP API)
  cognito: { endpoint: string; clientId: string; region: string };
}

export async function loadConfig(base = import.meta.env.BASE_URL): Promise<Config> {
  const response = await fetch(`${base}config.json`, { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as Config;
}
