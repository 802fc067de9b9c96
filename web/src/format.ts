// pt-BR formatting: money, dates and CPF/CNPJ, the way a Brazilian operator reads them.

const money = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });
const dateTime = new Intl.DateTimeFormat("pt-BR", {
  timeZone: "America/Sao_Paulo",
  dateStyle: "short",
  timeStyle: "short",
});

/** "1234.5" (the API's decimal string) -> "R$ 1.234,50" (with the non-breaking space Intl uses). */
export function brl(amount: string | number): string {
  return money.format(typeof amount === "number" ? amount : Number(amount));
}

/** An amount as an operator types it ("1.234,50", "1234,5", "R$ 10") -> the API's "1234.50"; "" when
 * empty; null when it is not a number. */
export function parseAmount(text: string): string | null {
  const cleaned = text.replace(/R\$|\s/g, "");
  if (!cleaned) return "";
  const normal = cleaned.includes(",") ? cleaned.replace(/\./g, "").replace(",", ".") : cleaned;
  if (!/^\d+(\.\d{1,2})?$/.test(normal)) return null;
  return Number(normal).toFixed(2);
}

/** A business date "2026-11-23" -> "23/11/2026" (no time zone: it is a calendar date). */
export function date(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** A UTC timestamp -> São Paulo "23/11/2026, 08:30". */
export function timestamp(iso: string): string {
  return dateTime.format(new Date(iso));
}

const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Sao_Paulo" });

/** Today's business date in São Paulo, "2026-11-23" (what the API's dates compare with). */
export function todayInSaoPaulo(now: Date = new Date()): string {
  return isoDay.format(now);
}

const spHour = new Intl.DateTimeFormat("en-GB", { timeZone: "America/Sao_Paulo", hour: "numeric", hourCycle: "h23" });

/** "Bom dia, Ana." by São Paulo's hour and the first name (the e-mail when there is no name yet). */
export function greeting(name: string, email: string, now: Date = new Date()): string {
  const hour = Number(spHour.format(now));
  const salute = hour < 5 ? "Boa noite" : hour < 12 ? "Bom dia" : hour < 18 ? "Boa tarde" : "Boa noite";
  const first = name.trim().split(/\s+/)[0];
  return `${salute}, ${first || email}.`;
}

/** Only what a CPF/CNPJ is made of: digits, and the letters of an alphanumeric CNPJ. */
export function documentChars(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-Z]/g, "");
}

/** Masks a CPF (11) or CNPJ (14) as it is typed: "5299822" -> "529.982.2". Text with letters in the
 * first positions is a name, not a document, and is returned as typed. */
export function maskDocumentInput(text: string): string {
  const raw = documentChars(text);
  if (!raw || !/^[0-9]/.test(raw) || /[^0-9A-Z\s.\-/]/i.test(text)) return text;
  const cpf = raw.length <= 11 && /^\d*$/.test(raw);
  const groups = cpf ? [3, 3, 3, 2] : [2, 3, 3, 4, 2];
  const marks = cpf ? [".", ".", "-"] : [".", ".", "/", "-"];
  let out = "";
  let at = 0;
  groups.forEach((size, n) => {
    const part = raw.slice(at, at + size);
    at += size;
    if (!part) return;
    out += (n > 0 ? marks[n - 1] : "") + part;
  });
  return out;
}

/** A stored document (digits only) in its usual mask. */
export function formatDocument(doc: string): string {
  return maskDocumentInput(doc);
}

/** A stored phone "+5541987938822" -> "(41) 98793-8822"; a landline "(11) 3333-4444"; others as stored. */
export function formatPhone(phone: string): string {
  const national = /^\+55(\d{2})(\d{8,9})$/.exec(phone);
  if (!national) return phone;
  const [, area, number] = national;
  const cut = number.length - 4;
  return `(${area}) ${number.slice(0, cut)}-${number.slice(cut)}`;
}

const STATUS: Record<string, string> = {
  open: "Em aberto",
  paid: "Pago",
  cancelled: "Cancelado",
  in_agreement: "Em acordo",
  in_lawsuit: "Ajuizado",
  written_off: "Baixado",
  active: "Ativo",
};

export function statusLabel(status: string): string {
  return STATUS[status] ?? status;
}

// GSM 03.38: the basic set (one septet each) and the extension table (two: escape + char).
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€\f";

/** How an SMS of `text` is sent: its encoding, characters (septets for GSM-7) and parts. GSM-7 fits 160
 * in one SMS (153 per part when split); one character outside it (á, ã, ç, ê, í, ó, õ, ú, emoji…) makes
 * the whole message UCS-2: 70 in one (67 per part). */
export function smsSegments(text: string): { encoding: "GSM-7" | "UCS-2"; length: number; parts: number } {
  const chars = [...text];
  const gsm = chars.every((c) => GSM_BASIC.includes(c) || GSM_EXTENDED.includes(c));
  if (gsm) {
    const length = chars.reduce((n, c) => n + (GSM_EXTENDED.includes(c) ? 2 : 1), 0);
    return { encoding: "GSM-7", length, parts: length <= 160 ? 1 : Math.ceil(length / 153) };
  }
  const length = [...text].reduce((n, c) => n + (c.codePointAt(0)! > 0xffff ? 2 : 1), 0); // UTF-16 units
  return { encoding: "UCS-2", length, parts: length <= 70 ? 1 : Math.ceil(length / 67) };
}
