// Credenciais do ERP: the machine credentials an ERP uses to tell cobranca that a title was paid or
// cancelled at the source (OAuth 2.0 client credentials). The secret is shown once, right after it is
// made, with the token address and a curl example; the list never shows it. Revoking stops the secret at
// once and the tokens already issued within five minutes.
import { useState } from "preact/hooks";
import { apiUrl, get, post, remove, type Page } from "../api";
import { timestamp } from "../format";
import { CopyButton } from "./CopyButton";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";

interface ErpClient {
  client_id: string;
  name: string;
  created_at: string;
  active: boolean;
  revoked_at: string | null;
}

export interface ErpClientCreated extends ErpClient {
  client_secret: string;
  token_url: string;
  scope: string;
}

/** What the ERP runs: a token for its id and secret, then the call with the token. */
export function curlExample(c: ErpClientCreated, settleUrl: string): string {
  return [
    `TOKEN=$(curl -s -u '${c.client_id}:${c.client_secret}' \\`,
    `  -d grant_type=client_credentials -d scope=${c.scope} \\`,
    `  ${c.token_url} | jq -r .access_token)`,
    `curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `  -d '{"reason": "baixa no ERP"}' ${settleUrl}`,
  ].join("\n");
}

export function ErpClients() {
  const [version, setVersion] = useState(0);
  const list = useLoad(() => get<Page<ErpClient>>("/erp-clients"), [version]);
  const [made, setMade] = useState<ErpClientCreated | null>(null);
  const [error, setError] = useState("");
  const { errors, message, clear, fail } = useFormErrors();
  async function create(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    clear();
    setMade(null);
    try {
      setMade(await post<ErpClientCreated>("/erp-clients", { name: new FormData(form).get("name") }));
      form.reset();
      setVersion((v) => v + 1);
    } catch (exc) {
      fail(exc);
    }
  }
  async function revoke(c: ErpClient) {
    if (!confirm(`Revogar a credencial "${c.name}"? O ERP que a usa deixa de conseguir se conectar.`)) return;
    setError("");
    try {
      await remove(`/erp-clients/${encodeURIComponent(c.client_id)}`);
      if (made?.client_id === c.client_id) setMade(null);
      setVersion((v) => v + 1);
    } catch (exc) {
      setError(exc instanceof Error ? exc.message : "Erro de conexão.");
    }
  }
  const items = list.data?.items ?? [];
  return (
    <section class="panel wide" aria-labelledby="erp-clients-title">
      <h2 id="erp-clients-title">Credenciais do ERP</h2>
      <p class="muted">
        O seu ERP avisa quando um título foi pago ou cancelado na origem, e a cobrança dele para na hora (
        <span class="code">POST /api/v1/erp/titles/&#123;número&#125;/settle</span> ou <span class="code">…/cancel</span>). Cada integração
        recebe um identificador e um segredo (OAuth 2.0, client credentials); o segredo aparece uma única vez.
      </p>
      {(list.error || error) && (
        <p role="alert" class="error">
          {list.error || error}
        </p>
      )}
      {made && <Created made={made} />}
      {!list.loading && !items.length && !list.error && <p class="muted">Nenhuma credencial criada.</p>}
      {items.length > 0 && (
        <table class="list">
          <caption class="sr-only">Credenciais do ERP, as mais recentes primeiro</caption>
          <thead>
            <tr>
              <th scope="col">Nome</th>
              <th scope="col">Identificador (client_id)</th>
              <th scope="col">Criada</th>
              <th scope="col">Situação</th>
              <th scope="col">
                <span class="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.client_id}>
                <td data-label="Nome">{c.name}</td>
                <td data-label="Identificador">
                  <span class="code">{c.client_id}</span>
                </td>
                <td data-label="Criada">{timestamp(c.created_at)}</td>
                <td data-label="Situação">
                  {c.active ? <span class="badge ok">ativa</span> : <span class="badge bad">revogada {c.revoked_at && timestamp(c.revoked_at)}</span>}
                </td>
                <td>
                  {c.active && (
                    <button type="button" class="quiet" onClick={() => void revoke(c)} aria-label={`Revogar ${c.name}`}>
                      Revogar
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={create} aria-label="Nova credencial do ERP">
        <label for="erp-client-name">Nome da integração</label>
        <input id="erp-client-name" name="name" required minLength={2} maxLength={60} placeholder="ERP financeiro" aria-describedby="name-error" />
        <FieldError errors={errors} field="name" id="name-error" />
        <FormMessage message={message} />
        <button type="submit">Criar credencial</button>
      </form>
    </section>
  );
}

function Created({ made }: { made: ErpClientCreated }) {
  const example = curlExample(made, apiUrl("/erp/titles/NF-123/settle"));
  return (
    <div class="secret-once" role="status">
      <h3>Credencial "{made.name}" criada</h3>
      <p>
        <strong>Copie o segredo agora:</strong> ele não será mostrado de novo. Se perdê-lo, revogue a credencial e crie outra.
      </p>
      <dl class="pairs">
        <dt>client_id</dt>
        <dd class="code">{made.client_id}</dd>
        <dt>client_secret</dt>
        <dd>
          <span class="code">{made.client_secret}</span> <CopyButton text={made.client_secret} label="Copiar segredo" copied="Segredo copiado" />
        </dd>
        <dt>Endereço do token</dt>
        <dd class="code">{made.token_url}</dd>
        <dt>Escopo</dt>
        <dd class="code">{made.scope}</dd>
      </dl>
      <p class="muted">Exemplo (o token vale 1 hora; peça outro quando expirar):</p>
      <pre class="code-block" tabIndex={0} role="region" aria-label="Exemplo com curl">
        {example}
      </pre>
      <CopyButton text={example} label="Copiar exemplo" copied="Exemplo copiado" />
    </div>
  );
}
