// Envio (F42, F46, B2): each channel's days, hours, daily quota and batch size; the per-debtor cap;
// the SMS sender, WhatsApp number and Negocia Online address; how e-mail goes out (the platform's SES
// or the tenant's own SMTP, with presets). Only an administrator saves (the API says so otherwise).
import { useEffect, useState } from "preact/hooks";
import { get, put } from "../api";
import { CHANNELS, type MessageChannel } from "../messaging";
import { FieldError, FormMessage, useFormErrors } from "./FieldError";
import { useLoad } from "./useLoad";

interface ChannelSettings {
  weekdays: number[];
  start: string;
  end: string;
  daily_max: number | null;
  batch_max: number | null;
}

interface Smtp {
  host: string;
  port: number;
  user: string;
  security: "ssl" | "starttls" | "auto";
  password?: string | null;
  password_set: boolean;
}

interface Settings {
  channels: Partial<Record<MessageChannel, ChannelSettings>>;
  debtor_daily_max: number;
  debtor_weekly_max: number;
  email: { mode: "platform" | "smtp"; from_address: string | null; from_name: string; smtp: Smtp | null };
  sms_from: string;
  whatsapp_phone_number_id: string;
  negocia_url: string;
}

const DAYS = ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"];
const DEFAULT: ChannelSettings = { weekdays: [1, 2, 3, 4, 5, 6], start: "08:00", end: "20:00", daily_max: null, batch_max: null };
// Providers' published submission settings; each asks for an app password, not the account's own.
const PRESETS: Record<string, Pick<Smtp, "host" | "port" | "security">> = {
  Gmail: { host: "smtp.gmail.com", port: 587, security: "starttls" },
  "Outlook / Office 365": { host: "smtp.office365.com", port: 587, security: "starttls" },
  Yahoo: { host: "smtp.mail.yahoo.com", port: 465, security: "ssl" },
};

function numberOrNull(value: string): number | null {
  return value.trim() === "" ? null : Number(value);
}

export function SendingSettings() {
  const loaded = useLoad(() => get<Settings>("/sending-settings"), []);
  const [s, setS] = useState<Settings | null>(null);
  const { errors, message, clear, fail } = useFormErrors();
  const [done, setDone] = useState("");
  useEffect(() => setS(loaded.data), [loaded.data]);
  if (loaded.error) return <p role="alert" class="error">{loaded.error}</p>;
  if (!s) return <p class="muted">Carregando…</p>;

  const channel = (c: MessageChannel) => ({ ...DEFAULT, ...s.channels[c] });
  const setChannel = (c: MessageChannel, change: Partial<ChannelSettings>) =>
    setS({ ...s, channels: { ...s.channels, [c]: { ...channel(c), ...change } } });
  const smtp: Smtp = s.email.smtp ?? { host: "", port: 587, user: "", security: "starttls", password_set: false };
  const setSmtp = (change: Partial<Smtp>) => setS({ ...s, email: { ...s.email, smtp: { ...smtp, ...change } } });

  async function save(event: Event) {
    event.preventDefault();
    if (!s) return;
    clear();
    setDone("");
    const email = { ...s.email, smtp: s.email.mode === "smtp" ? s.email.smtp : null, from_address: s.email.from_address || null };
    try {
      const saved = await put<Settings>("/sending-settings", { ...s, email });
      setS(saved);
      setDone("Configurações de envio salvas.");
    } catch (exc) {
      fail(exc);
    }
  }

  return (
    <form class="panel" onSubmit={save} aria-labelledby="sending-title" style={{ maxWidth: "none" }}>
      <h2 id="sending-title">Configurações de envio</h2>
      <p class="muted small">
        Os horários são de Brasília; o envio respeita também o horário legal do estado do devedor e nunca sai fora dele.
      </p>
      {(["email", "sms", "whatsapp"] as MessageChannel[]).map((c) => {
        const ch = channel(c);
        return (
          <fieldset key={c}>
            <legend>{CHANNELS[c]}</legend>
            <div class="chips" role="group" aria-label={`Dias de envio de ${CHANNELS[c]}`}>
              {DAYS.map((day, n) => (
                <label class="check" key={day}>
                  <input
                    type="checkbox"
                    checked={ch.weekdays.includes(n + 1)}
                    onChange={(e) => {
                      const on = (e.target as HTMLInputElement).checked;
                      const weekdays = ch.weekdays.filter((d) => d !== n + 1);
                      setChannel(c, { weekdays: on ? [...weekdays, n + 1].sort() : weekdays });
                    }}
                  />
                  {day}
                </label>
              ))}
            </div>
            <div class="filters">
              <div>
                <label for={`${c}-start`}>Das</label>
                <input id={`${c}-start`} type="time" value={ch.start.slice(0, 5)} onInput={(e) => setChannel(c, { start: (e.target as HTMLInputElement).value })} />
              </div>
              <div>
                <label for={`${c}-end`}>Até</label>
                <input id={`${c}-end`} type="time" value={ch.end.slice(0, 5)} onInput={(e) => setChannel(c, { end: (e.target as HTMLInputElement).value })} />
              </div>
              <div>
                <label for={`${c}-daily`}>Máximo por dia</label>
                <input id={`${c}-daily`} type="number" min={0} placeholder="sem limite" value={ch.daily_max ?? ""} onInput={(e) => setChannel(c, { daily_max: numberOrNull((e.target as HTMLInputElement).value) })} />
              </div>
              <div>
                <label for={`${c}-batch`}>Por lote (a cada minuto)</label>
                <input id={`${c}-batch`} type="number" min={1} placeholder="sem limite" value={ch.batch_max ?? ""} onInput={(e) => setChannel(c, { batch_max: numberOrNull((e.target as HTMLInputElement).value) })} />
              </div>
            </div>
            <FieldError errors={errors} field={c} id={`${c}-error`} />
          </fieldset>
        );
      })}
      <fieldset>
        <legend>Limite por devedor (todos os canais)</legend>
        <div class="pair">
          <div>
            <label for="cap-day">Contatos por dia</label>
            <input id="cap-day" type="number" min={1} max={10} value={s.debtor_daily_max} onInput={(e) => setS({ ...s, debtor_daily_max: Number((e.target as HTMLInputElement).value) })} />
            <FieldError errors={errors} field="debtor_daily_max" id="cap-day-error" />
          </div>
          <div>
            <label for="cap-week">Contatos em 7 dias</label>
            <input id="cap-week" type="number" min={1} max={50} value={s.debtor_weekly_max} onInput={(e) => setS({ ...s, debtor_weekly_max: Number((e.target as HTMLInputElement).value) })} />
            <FieldError errors={errors} field="debtor_weekly_max" id="cap-week-error" />
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>Remetentes</legend>
        <label for="sms-from">Remetente do SMS</label>
        <input id="sms-from" maxLength={30} value={s.sms_from} onInput={(e) => setS({ ...s, sms_from: (e.target as HTMLInputElement).value })} />
        <label for="wa-number">Identificador do número de WhatsApp (phone number id)</label>
        <input id="wa-number" maxLength={40} value={s.whatsapp_phone_number_id} onInput={(e) => setS({ ...s, whatsapp_phone_number_id: (e.target as HTMLInputElement).value })} />
        <label for="negocia-url">Endereço do Negocia Online (#LINK_NEGOCIA#)</label>
        <input id="negocia-url" type="url" maxLength={300} value={s.negocia_url} onInput={(e) => setS({ ...s, negocia_url: (e.target as HTMLInputElement).value })} />
      </fieldset>
      <fieldset>
        <legend>E-mail</legend>
        <label class="check">
          <input type="radio" name="email-mode" checked={s.email.mode === "platform"} onChange={() => setS({ ...s, email: { ...s.email, mode: "platform" } })} />
          Envio pela plataforma (Amazon SES), com o seu endereço como remetente
        </label>
        <label class="check">
          <input type="radio" name="email-mode" checked={s.email.mode === "smtp"} onChange={() => setS({ ...s, email: { ...s.email, mode: "smtp", smtp } })} />
          Servidor SMTP próprio
        </label>
        <div class="pair">
          <div>
            <label for="from-address">Endereço do remetente</label>
            <input id="from-address" type="email" value={s.email.from_address ?? ""} onInput={(e) => setS({ ...s, email: { ...s.email, from_address: (e.target as HTMLInputElement).value } })} />
            <FieldError errors={errors} field="from_address" id="from-address-error" />
          </div>
          <div>
            <label for="from-name">Nome exibido</label>
            <input id="from-name" maxLength={100} value={s.email.from_name} onInput={(e) => setS({ ...s, email: { ...s.email, from_name: (e.target as HTMLInputElement).value } })} />
          </div>
        </div>
        {s.email.mode === "platform" && (
          <p class="muted small">
            Publique no DNS do seu domínio os registros SPF e DKIM que o SES indicar para ele; até lá o endereço não é aceito.
          </p>
        )}
        {s.email.mode === "smtp" && (
          <>
            <div class="chips" role="group" aria-label="Provedores comuns">
              {Object.entries(PRESETS).map(([name, preset]) => (
                <button type="button" class="quiet" key={name} onClick={() => setSmtp(preset)}>
                  Usar {name}
                </button>
              ))}
            </div>
            <p class="muted small">Gmail, Outlook e Yahoo pedem uma senha de app (com verificação em duas etapas), não a senha da conta.</p>
            <div class="pair">
              <div>
                <label for="smtp-host">Servidor</label>
                <input id="smtp-host" value={smtp.host} onInput={(e) => setSmtp({ host: (e.target as HTMLInputElement).value })} />
                <FieldError errors={errors} field="host" id="smtp-host-error" />
              </div>
              <div>
                <label for="smtp-port">Porta</label>
                <input id="smtp-port" type="number" value={smtp.port} onInput={(e) => setSmtp({ port: Number((e.target as HTMLInputElement).value) })} />
              </div>
              <div>
                <label for="smtp-security">Segurança</label>
                <select id="smtp-security" value={smtp.security} onChange={(e) => setSmtp({ security: (e.target as HTMLSelectElement).value as Smtp["security"] })}>
                  <option value="starttls">STARTTLS (porta 587)</option>
                  <option value="ssl">SSL/TLS (porta 465)</option>
                  <option value="auto">Automático</option>
                </select>
              </div>
              <div>
                <label for="smtp-user">Usuário</label>
                <input id="smtp-user" autoComplete="off" value={smtp.user} onInput={(e) => setSmtp({ user: (e.target as HTMLInputElement).value })} />
              </div>
            </div>
            <label for="smtp-password">Senha {smtp.password_set ? "(já definida; preencha só para trocar)" : ""}</label>
            <input id="smtp-password" type="password" autoComplete="new-password" value={smtp.password ?? ""} onInput={(e) => setSmtp({ password: (e.target as HTMLInputElement).value || null })} />
          </>
        )}
      </fieldset>
      <FormMessage message={message} done={done} />
      <button type="submit">Salvar configurações</button>
    </form>
  );
}
