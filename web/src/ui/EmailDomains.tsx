// E-mail: the domains the company sends from through the platform (SES) and the DNS records to publish
// for each (verification, DKIM, the MAIL FROM subdomain with SPF, DMARC), with SES's status. The From
// address, its display name and an own SMTP server (Gmail, Outlook, Yahoo presets) are in Régua e
// mensagens → Envio.
import { useState } from "preact/hooks";
import { get, post, type Page } from "../api";
import { timestamp } from "../format";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { Link } from "./Link";
import { useLoad } from "./useLoad";

interface DnsRecord {
  type: string;
  name: string;
  value: string;
  purpose: "verification" | "dkim" | "mail_from" | "spf" | "dmarc";
}

interface EmailDomain {
  domain: string;
  status: "pending" | "verified" | "failed";
  dkim_status: "pending" | "verified" | "failed";
  records: DnsRecord[];
  registered_at: string;
}

const STATUS = { pending: "aguardando o DNS", verified: "verificado", failed: "falhou: publique os registros e cadastre de novo" };
const PURPOSE = {
  verification: "Verificação do domínio",
  dkim: "Assinatura DKIM",
  mail_from: "Retorno (MAIL FROM)",
  spf: "SPF do retorno",
  dmarc: "Política DMARC",
};

export function EmailDomains() {
  const [version, setVersion] = useState(0);
  const list = useLoad(() => get<Page<EmailDomain>>("/email-domains"), [version]);
  const { errors, message, clear, fail } = useFormErrors();

  async function register(event: Event) {
    event.preventDefault();
    const domain = String(new FormData(event.currentTarget as HTMLFormElement).get("domain") ?? "");
    clear();
    try {
      await post<EmailDomain>("/email-domains", { domain });
      setVersion((v) => v + 1);
    } catch (exc) {
      fail(exc);
    }
  }

  return (
    <>
      <form class="panel" onSubmit={register} aria-labelledby="domain-title">
        <h2 id="domain-title">Domínios de envio</h2>
        <p class="muted">
          Para enviar pela plataforma com o endereço da sua empresa (por exemplo cobranca@suaempresa.com.br), cadastre o domínio e
          publique no DNS dele os registros abaixo. O remetente, o nome exibido e o SMTP próprio ficam em{" "}
          <Link to={{ screen: "messaging", tab: "envio" }}>Régua e mensagens → Envio</Link>.
        </p>
        <label for="domain">Domínio</label>
        <input id="domain" name="domain" required placeholder="suaempresa.com.br" autoComplete="off" aria-describedby="domain-error" />
        <FieldError errors={errors} field="domain" id="domain-error" />
        <FormMessage message={message} />
        <button type="submit">Cadastrar domínio</button>
      </form>
      {list.error && <p role="alert" class="error">{list.error}</p>}
      {(list.data?.items ?? []).map((d) => (
        <section class="panel wide" key={d.domain} aria-labelledby={`dom-${d.domain}`}>
          <h3 id={`dom-${d.domain}`}>{d.domain}</h3>
          <p>
            Domínio: <strong>{STATUS[d.status]}</strong> · DKIM: <strong>{STATUS[d.dkim_status]}</strong> · cadastrado em{" "}
            {timestamp(d.registered_at)}
          </p>
          <table class="list records">
            <caption class="sr-only">Registros DNS de {d.domain}</caption>
            <thead>
              <tr>
                <th scope="col">Para quê</th>
                <th scope="col">Tipo</th>
                <th scope="col">Nome</th>
                <th scope="col">Valor</th>
              </tr>
            </thead>
            <tbody>
              {d.records.map((r) => (
                <tr key={`${r.type}-${r.name}-${r.value}`}>
                  <td data-label="Para quê">{PURPOSE[r.purpose]}</td>
                  <td data-label="Tipo">{r.type}</td>
                  <td data-label="Nome" class="mono">
                    {r.name}
                  </td>
                  <td data-label="Valor" class="mono">
                    {r.value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted small">A propagação do DNS pode levar até 72 horas; o status é consultado no SES a cada visita.</p>
        </section>
      ))}
    </>
  );
}
